import { PassThrough, Readable } from 'node:stream';
import { getDb } from '#lib/server/db/connection.ts';
import { TEMPLATE_FILE_NAME, writeTemplate } from '#lib/server/import/template.ts';
import type { RequestHandler } from './$types';

/** The import template, streamed as it is written. */
export const GET: RequestHandler = async () => {
	const out = new PassThrough();
	writeTemplate(getDb(), out).catch((e: Error) => out.destroy(e));
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${TEMPLATE_FILE_NAME}"`
		}
	});
};
