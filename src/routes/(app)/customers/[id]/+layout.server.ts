import { error } from '@sveltejs/kit';
import { loadCustomer } from '#lib/server/customers/customers.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { LayoutServerLoad } from './$types';

// Every tab under /customers/[id] goes through here: 400 for a non-numeric id, 404 for an
// unknown customer, 403 for a route-scoped user outside their routes.
export const load: LayoutServerLoad = async ({ params, locals }) => {
	const r = await loadCustomer(getDb(), locals.user!, params.id);
	if (!r.ok) error(r.status, r.message);
	return { customer: r.value };
};
