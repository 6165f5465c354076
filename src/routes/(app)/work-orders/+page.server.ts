import { RequestError } from '#lib/server/http/refusal.ts';
import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { listSchema, parseInput } from '#lib/server/work-orders/work-orders.schemas.ts';
import { fieldStaff, listOrdersPage } from '#lib/server/work-orders/work-orders.service.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

// work_orders.access is checked by the guard; field staff get their own orders (service).
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user!;
	let input;
	try {
		input = parseInput(listSchema, {
			...Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')),
			limit: String(PAGE_SIZE)
		});
	} catch (err) {
		if (err instanceof RequestError) error(400, err.message);
		throw err;
	}
	const db = getDb();
	const [list, staff] = await Promise.all([
		listOrdersPage(db, user, input),
		user.routeIds === null ? fieldStaff(db) : Promise.resolve([])
	]);
	return {
		list,
		staff,
		query: {
			status: url.searchParams.get('status') ?? '',
			type: url.searchParams.get('type') ?? '',
			priority: url.searchParams.get('priority') ?? '',
			assignedTo: url.searchParams.get('assignedTo') ?? '',
			unassigned: url.searchParams.get('unassigned') === '1',
			overdue: url.searchParams.get('overdue') === '1'
		},
		now: new Date().toISOString(),
		canCreate: user.routeIds === null && can(user.permissions, 'work_orders', 'create')
	};
};
