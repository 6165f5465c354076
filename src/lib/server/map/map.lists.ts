import type { Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export interface FilterOption {
	id: number;
	code: string;
	name: string;
}

export interface MapFilterLists {
	wards: FilterOption[];
	zones: FilterOption[];
	routes: FilterOption[];
}

/**
 * The ward, zone and route choices of the map's filters. A route-scoped user (routeIds not
 * null) is offered only their routes, and only the wards and zones their customers are in, so
 * the lists never reveal the rest of the register.
 */
export async function mapFilterLists(
	db: Kysely<DB>,
	routeIds: number[] | null
): Promise<MapFilterLists> {
	// An empty scope would make `in ()` invalid SQL; it also means nothing to offer.
	if (routeIds && routeIds.length === 0) return { wards: [], zones: [], routes: [] };
	let routes = db.selectFrom('route').select(['id', 'code', 'name']).orderBy('code');
	if (routeIds) routes = routes.where('id', 'in', routeIds);

	let wardIds = db.selectFrom('customer').select('ward_id').distinct();
	if (routeIds) wardIds = wardIds.where('route_id', 'in', routeIds);
	const wards = db
		.selectFrom('ward')
		.select(['id', 'code', 'name'])
		.where('id', 'in', wardIds)
		.orderBy('name');

	let zones = db.selectFrom('zone').select(['id', 'code', 'name']).orderBy('code');
	if (routeIds)
		zones = zones.where('id', 'in', (eb) =>
			eb
				.selectFrom('customer')
				.select('zone_id')
				.where('route_id', 'in', routeIds)
				.where('zone_id', 'is not', null)
				.$narrowType<{ zone_id: number }>()
		);

	const [w, z, r] = await Promise.all([wards.execute(), zones.execute(), routes.execute()]);
	return { wards: w, zones: z, routes: r };
}
