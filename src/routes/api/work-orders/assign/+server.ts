import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle, jsonBody } from '#lib/server/work-orders/work-orders.http.ts';
import { assignSchema } from '#lib/server/work-orders/work-orders.schemas.ts';
import { assignOrders } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

/** {ids, staffId}: assign or reassign to staffId, or unassign (null); all or none. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const { ids, staffId } = await jsonBody(request, assignSchema);
		return json(await assignOrders(getDb(), locals.user!, ids, staffId));
	});
