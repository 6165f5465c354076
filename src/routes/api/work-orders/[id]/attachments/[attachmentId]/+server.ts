import { getDb } from '#lib/server/db/connection.ts';
import { streamFile } from '#lib/server/attachments/attachments.http.ts';
import { handle, pathId } from '#lib/server/work-orders/work-orders.http.ts';
import { openOrderFile } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

/** The file as a download, or inline with ?preview=1 (photos, PDF). */
export const GET: RequestHandler = ({ params, url, locals }) =>
	handle(async () => {
		const file = await openOrderFile(
			getDb(),
			locals.user!,
			pathId(params.id),
			pathId(params.attachmentId, 'attachmentId')
		);
		return streamFile(file, url.searchParams.get('preview') === '1' ? 'preview' : 'download');
	});
