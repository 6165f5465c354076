import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle, jsonBody } from '#lib/server/work-orders/work-orders.http.ts';
import { requestSchema } from '#lib/server/work-orders/work-orders.schemas.ts';
import { receiveRequest } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

/** A request or complaint taken at the counter or by phone, and the order it becomes. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () =>
		json(await receiveRequest(getDb(), locals.user!, await jsonBody(request, requestSchema)), {
			status: 201
		})
	);
