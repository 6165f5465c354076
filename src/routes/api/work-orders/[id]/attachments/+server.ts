import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle, pathId } from '#lib/server/work-orders/work-orders.http.ts';
import { WorkOrderError } from '#lib/server/work-orders/work-orders.schemas.ts';
import { uploadOrderFile } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

/**
 * A photo or file on the order: the raw request body (not multipart, which SvelteKit buffers
 * whole), its name in ?name= (or a percent-encoded X-File-Name header).
 */
export const POST: RequestHandler = ({ params, request, url, locals }) =>
	handle(async () => {
		const id = pathId(params.id);
		let fileName = url.searchParams.get('name') ?? '';
		try {
			fileName ||= decodeURIComponent(request.headers.get('x-file-name') ?? '');
		} catch {
			throw new WorkOrderError(400, 'name', 'not a valid file name');
		}
		if (!fileName || fileName.length > 255)
			throw new WorkOrderError(400, 'name', 'required: 1–255 characters');
		if (!request.body) throw new WorkOrderError(400, 'file', 'the file is empty');
		const length = Number(request.headers.get('content-length'));
		const row = await uploadOrderFile(getDb(), locals.user!, id, {
			fileName,
			body: request.body,
			declaredBytes: Number.isFinite(length) && length > 0 ? length : null
		});
		const { fileName: name, contentType, sizeBytes } = row;
		return json(
			{
				id: row.id,
				fileName: name,
				contentType,
				sizeBytes,
				url: `/api/work-orders/${id}/attachments/${row.id}`
			},
			{ status: 201 }
		);
	});
