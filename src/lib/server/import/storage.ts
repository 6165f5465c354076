/** Import workbooks in the storage folder: STORAGE_DIR/imports/<uuid>.xlsx. */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { config } from '../config.ts';

/** Largest workbook accepted, bytes (100k rows of the template are ~10 MB). */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

export function storagePath(key: string): string {
	if (!/^imports\/[0-9a-f-]{36}(-rejects)?\.xlsx$/.test(key))
		throw new Error(`bad storage key ${key}`);
	return path.resolve(config().STORAGE_DIR, key);
}

export class UploadError extends Error {}

/**
 * Streams an upload to a new file, never holding it whole: refuses it past `maxBytes`, and
 * when its first bytes are not a zip (an .xlsx is one) whatever its name says.
 */
export async function saveUpload(
	body: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
	maxBytes = IMPORT_MAX_BYTES
): Promise<{ key: string; bytes: number }> {
	const key = `imports/${randomUUID()}.xlsx`;
	const file = storagePath(key);
	await mkdir(path.dirname(file), { recursive: true });
	let bytes = 0;
	const limit = new Transform({
		transform(chunk: Buffer, _enc, done) {
			bytes += chunk.length;
			if (bytes > maxBytes) done(new UploadError(`file larger than ${maxBytes / 1048576} MB`));
			else done(null, chunk);
		}
	});
	const source =
		body instanceof ReadableStream
			? Readable.fromWeb(body as never)
			: (body as NodeJS.ReadableStream);
	try {
		await pipeline(source, limit, createWriteStream(file));
		const handle = await open(file, 'r');
		const head = Buffer.alloc(4);
		await handle.read(head, 0, 4, 0);
		await handle.close();
		if (head.toString('binary') !== 'PK\x03\x04') throw new UploadError('not an .xlsx workbook');
	} catch (error) {
		await rm(file, { force: true });
		throw error;
	}
	return { key, bytes };
}

export function rejectsKeyFor(key: string): string {
	return key.replace(/\.xlsx$/, '-rejects.xlsx');
}
