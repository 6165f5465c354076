/** Workbooks an import hands out, as HTTP responses: streamed, never held whole. */
import { createReadStream } from 'node:fs';
import { PassThrough, Readable, type Writable } from 'node:stream';
import type { Batch } from './import.repository.ts';
import { storagePath } from './storage.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function xlsxResponse(body: Readable, fileName: string): Response {
	return new Response(Readable.toWeb(body) as ReadableStream, {
		headers: {
			'content-type': XLSX,
			'content-disposition': `attachment; filename="${fileName}"`
		}
	});
}

/** The annotated workbook of a committed batch's rejected rows (the batch must have one). */
export function rejectsResponse(batch: Batch & { rejectsStorageKey: string }): Response {
	return xlsxResponse(
		createReadStream(storagePath(batch.rejectsStorageKey)),
		`dong-loi-${batch.id}.xlsx`
	);
}

/** A workbook streamed as `write` produces it (a template). */
export function writtenResponse(
	fileName: string,
	write: (out: Writable) => Promise<void>
): Response {
	const out = new PassThrough();
	write(out).catch((e: Error) => out.destroy(e));
	return xlsxResponse(out, fileName);
}
