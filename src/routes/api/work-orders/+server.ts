import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle, jsonBody, query } from '#lib/server/work-orders/work-orders.http.ts';
import { createSchema, listSchema } from '#lib/server/work-orders/work-orders.schemas.ts';
import { createOrder, listOrders } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

/** Orders by status, assignee, unassigned or box; field staff get their own only. */
export const GET: RequestHandler = ({ url, locals }) =>
	handle(async () =>
		json({ orders: await listOrders(getDb(), locals.user!, query(url, listSchema)) })
	);

export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () =>
		json(
			{ order: await createOrder(getDb(), locals.user!, await jsonBody(request, createSchema)) },
			{ status: 201 }
		)
	);
