import { error } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { routeGrid } from '#lib/server/readings/grid.service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		return await routeGrid(
			getDb(),
			locals.user!,
			pathId(params.periodId, 'periodId'),
			pathId(params.routeId, 'routeId')
		);
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
