import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle, pathId } from '#lib/server/work-orders/work-orders.http.ts';
import { getOrder } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

/** The order with its timeline (who, when, where) and its files. */
export const GET: RequestHandler = ({ params, locals }) =>
	handle(async () => json(await getOrder(getDb(), locals.user!, pathId(params.id))));
