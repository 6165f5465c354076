/**
 * Customers inside a polygon drawn on the map, read from customer_map (narrow, GiST-indexed
 * in EPSG:3857). The polygon is transformed to 3857 once, in a materialised CTE, and each
 * point is tested with `g && poly` (index) then ST_Intersects (exact).
 */
import { sql, type Kysely } from 'kysely';
import type { Selection } from '../../domain/map/selection.ts';
import type { DB } from '../db/types.gen.ts';

function selected(db: Kysely<DB>, selection: Selection, routeIds: number[] | null) {
	const { filters } = selection;
	const geojson = JSON.stringify(selection.polygon);
	let q = db
		.with(
			(cte) => cte('sel').materialized(),
			(qb) =>
				qb.selectNoFrom(
					sql<unknown>`ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326), 3857)`.as(
						'poly'
					)
				)
		)
		.selectFrom(['sel', 'customer_map as m'])
		.where(sql<boolean>`m.g && sel.poly and ST_Intersects(m.g, sel.poly)`);
	if (filters.category) q = q.where('m.category', 'in', filters.category);
	if (filters.ward) q = q.where('m.ward_id', 'in', filters.ward);
	if (filters.zone) q = q.where('m.zone_id', 'in', filters.zone);
	if (filters.route) q = q.where('m.route_id', 'in', filters.route);
	// Route-scoped staff: customers without a route are outside every scope.
	if (routeIds) q = q.where(sql<boolean>`m.route_id = any(${routeIds}::int[])`);
	return q;
}

/** Selected customers counted per category and status. */
export async function countSelection(
	db: Kysely<DB>,
	selection: Selection,
	routeIds: number[] | null
) {
	const rows = await selected(db, selection, routeIds)
		.select(['m.category', 'm.status', (eb) => eb.fn.countAll<string>().as('n')])
		.groupBy(['m.category', 'm.status'])
		.execute();
	return rows.map((r) => ({ category: r.category, status: r.status, n: Number(r.n) }));
}

/** The first `limit` selected customers by code. */
export async function listSelection(
	db: Kysely<DB>,
	selection: Selection,
	routeIds: number[] | null,
	limit: number
) {
	return selected(db, selection, routeIds)
		.innerJoin('customer as c', 'c.id', 'm.customer_id')
		.select(['c.id', 'c.code', 'c.name', 'c.address', 'm.category', 'm.status'])
		.orderBy('c.code')
		.limit(limit)
		.execute();
}

/**
 * Every selected customer with what the export writes, by code, streamed from a cursor in
 * chunks of `chunk` rows so 100k rows never sit in memory at once.
 */
export function streamSelection(
	db: Kysely<DB>,
	selection: Selection,
	routeIds: number[] | null,
	chunk = 1000
) {
	return selected(db, selection, routeIds)
		.innerJoin('customer as c', 'c.id', 'm.customer_id')
		.innerJoin('ward as w', 'w.id', 'c.ward_id')
		.leftJoin('zone as z', 'z.id', 'c.zone_id')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.leftJoin('meter as mt', (join) =>
			join.onRef('mt.customer_id', '=', 'c.id').on('mt.status', '=', 'in_service')
		)
		.select([
			'c.code',
			'c.name',
			'c.address',
			'c.phone',
			'm.category',
			'm.status',
			'r.code as route',
			'w.name as wardName',
			'w.kind as wardKind',
			'z.name as zone',
			'mt.serial as meterSerial',
			'm.last_consumption_m3 as lastConsumptionM3',
			sql<number>`ST_X(c.geom)`.as('lon'),
			sql<number>`ST_Y(c.geom)`.as('lat')
		])
		.orderBy('c.code')
		.stream(chunk);
}
