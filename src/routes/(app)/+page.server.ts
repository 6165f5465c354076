import { can } from '#lib/domain/access/permissions.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { summaryFor } from '#lib/server/map/map.service.ts';
import { mapFilterLists } from '#lib/server/map/map.lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const [summary, lists] = await Promise.all([
		summaryFor(getDb(), user),
		mapFilterLists(getDb(), user.routeIds)
	]);
	// Online basemaps are opt-in (BASEMAP_STYLES, validated at start); the default is offline.
	// Dispatch on the map: for those who may assign work orders (the API checks again).
	const dispatch = can(user.permissions, 'work_orders', 'edit') && user.routeIds === null;
	return { summary, lists, basemaps: config().BASEMAP_STYLES, dispatch };
};
