import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle, jsonBody, pathId } from '#lib/server/work-orders/work-orders.http.ts';
import { transitionSchema } from '#lib/server/work-orders/work-orders.schemas.ts';
import { transitionOrder } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

/** {to, idempotencyKey, version?, result?, note?, lon?, lat?}; a replayed key changes nothing. */
export const POST: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const id = pathId(params.id);
		const input = await jsonBody(request, transitionSchema);
		return json(await transitionOrder(getDb(), locals.user!, id, input));
	});
