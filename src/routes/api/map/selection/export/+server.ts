import { PassThrough, Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { exportFileName } from '#lib/domain/map/selection-export.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { writeSelectionXlsx } from '#lib/server/map/selection-xlsx.ts';
import { prepareExport } from '#lib/server/map/selection.service.ts';
import type { RequestHandler } from './$types';

/** The selection as JSON, or as the form field `selection` (a plain form POST downloads). */
async function selectionBody(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (type.includes('application/json'))
		return request.json().catch(() => error(400, 'body: not valid JSON'));
	if (type.includes('form')) {
		const field = (await request.formData()).get('selection');
		if (typeof field !== 'string') error(400, 'selection: required');
		try {
			return JSON.parse(field);
		} catch {
			error(400, 'selection: not valid JSON');
		}
	}
	error(415, 'body: send application/json or a form with a selection field');
}

// The guard asks map.export for any route ending in /export; route scope is the service's.
export const POST: RequestHandler = async ({ request, locals }) => {
	const db = getDb();
	const user = locals.user!;
	const prepared = await prepareExport(db, user, await selectionBody(request));
	if (!prepared.ok) error(prepared.status, prepared.message);
	const out = new PassThrough();
	writeSelectionXlsx(db, user, prepared.value.selection, out).catch((err: unknown) => {
		console.error('selection export failed', err);
		out.destroy(err instanceof Error ? err : new Error(String(err)));
	});
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${exportFileName(new Date())}"`,
			'cache-control': 'no-store'
		}
	});
};
