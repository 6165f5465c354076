import { error, json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { routeWithCustomers } from '#lib/server/routes/routes.service.ts';
import type { RequestHandler } from './$types';

/** A route's customers in walking order, brief (for the move dialog's "after" list). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a route id');
	const found = await routeWithCustomers(getDb(), locals.user!, id);
	if (!found) error(404, 'id: no such route');
	return json(found.customers.map(({ id, code, name, seq }) => ({ id, code, name, seq })));
};
