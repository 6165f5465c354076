import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { batchFor } from '#lib/server/import/import.service.ts';
import { storagePath } from '#lib/server/import/storage.ts';
import type { RequestHandler } from './$types';

/** The annotated workbook of a committed batch's rejected rows. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a batch id');
	const batch = await batchFor(getDb(), locals.user!, id);
	if (!batch?.rejectsStorageKey) error(404, 'no rejected rows for this batch');
	const name = `dong-loi-${id}.xlsx`;
	return new Response(
		Readable.toWeb(createReadStream(storagePath(batch.rejectsStorageKey))) as ReadableStream,
		{
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="${name}"`
			}
		}
	);
};
