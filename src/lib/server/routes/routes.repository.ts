/**
 * Reading routes (sổ đọc): the list with customer counts and readers, a route's customers in
 * walking order, and the sequence writes. Route scope arrives as `routeIds` (null = all).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export const routeSorts = ['code', 'name', 'zone', 'customers'] as const;
export type RouteSort = (typeof routeSorts)[number];

export interface RouteListQuery {
	/** Folded LIKE pattern for code or name ('%…%'), or null. */
	pattern: string | null;
	sort: RouteSort;
	dir: 'asc' | 'desc';
	offset: number;
	limit: number;
	routeIds: number[] | null;
}

export interface RouteRow {
	id: number;
	code: string;
	name: string;
	zoneCode: string | null;
	zoneName: string | null;
	customers: number;
	readers: string[];
}

const scopeOf = (routeIds: number[] | null) =>
	routeIds ? sql`and r.id = any(${routeIds}::int[])` : sql``;

const orderOf: Record<RouteSort, string> = {
	code: 'r.code',
	name: 'r.name',
	zone: 'z.code',
	customers: 'coalesce(n.customers, 0)'
};

/**
 * One page of routes. Counts and readers come from two grouped subqueries over all routes
 * (one pass each over customer and staff_route_scope), never one query per route.
 */
export async function listRoutes(
	db: Kysely<DB>,
	q: RouteListQuery
): Promise<{ rows: RouteRow[]; total: number }> {
	const filter = q.pattern
		? sql`and (wl_fold(r.code) like wl_fold(${q.pattern}) or wl_fold(r.name) like wl_fold(${q.pattern}))`
		: sql``;
	const order = sql.raw(
		`${orderOf[q.sort]} ${q.dir === 'desc' ? 'desc' : 'asc'} nulls last, r.code`
	);
	const { rows } = await sql<RouteRow & { total: string }>`
		select r.id, r.code, r.name, z.code as "zoneCode", z.name as "zoneName",
			coalesce(n.customers, 0)::int as customers,
			coalesce(s.readers, '{}') as readers,
			count(*) over () as total
		from route r
		left join zone z on z.id = r.zone_id
		left join (
			select route_id, count(*) as customers from customer
			where route_id is not null group by route_id
		) n on n.route_id = r.id
		left join (
			select rs.route_id, array_agg(st.full_name order by st.full_name) as readers
			from staff_route_scope rs join staff st on st.id = rs.staff_id
			where st.role_code = 'field' and st.active
			group by rs.route_id
		) s on s.route_id = r.id
		where true ${scopeOf(q.routeIds)} ${filter}
		order by ${order}
		limit ${q.limit} offset ${q.offset}`.execute(db);
	let total = rows.length ? Number(rows[0].total) : 0;
	// A page past the end has no rows to carry the window count: count apart.
	if (!rows.length && q.offset > 0) {
		const { rows: n } = await sql<{ n: number }>`
			select count(*)::int as n from route r where true ${scopeOf(q.routeIds)} ${filter}`.execute(db);
		total = n[0].n;
	}
	return { rows: rows.map(({ total: _total, ...r }) => r), total };
}

export async function findRoute(db: Kysely<DB>, id: number) {
	const { rows } = await sql<{
		id: number;
		code: string;
		name: string;
		zoneCode: string | null;
		zoneName: string | null;
		readers: string[];
	}>`
		select r.id, r.code, r.name, z.code as "zoneCode", z.name as "zoneName",
			coalesce((
				select array_agg(st.full_name order by st.full_name)
				from staff_route_scope rs join staff st on st.id = rs.staff_id
				where rs.route_id = r.id and st.role_code = 'field' and st.active
			), '{}') as readers
		from route r left join zone z on z.id = r.zone_id
		where r.id = ${id}`.execute(db);
	return rows[0];
}

/** Brief list of the routes a user may see, for the move target picker. */
export async function routeChoices(db: Kysely<DB>, routeIds: number[] | null) {
	let q = db.selectFrom('route').select(['id', 'code', 'name']).orderBy('code');
	if (routeIds) q = q.where('id', 'in', routeIds.length ? routeIds : [-1]);
	return q.execute();
}

export interface RouteCustomer {
	id: number;
	code: string;
	name: string;
	address: string;
	phone: string | null;
	seq: number;
	meterSerial: string | null;
	/** The last read meter index, m³ (numeric as text). */
	previousIndex: string | null;
	lon: number;
	lat: number;
}

/** The route's customers in walking order, with meter and last index (for the field sheet). */
export async function routeCustomers(db: Kysely<DB>, routeId: number): Promise<RouteCustomer[]> {
	const { rows } = await sql<RouteCustomer>`
		select c.id, c.code, c.name, c.address, c.phone, c.route_seq as seq,
			m.serial as "meterSerial", rd.current_index as "previousIndex",
			ST_X(c.geom) as lon, ST_Y(c.geom) as lat
		from customer c
		left join meter m on m.customer_id = c.id and m.status = 'in_service'
		left join lateral (
			select r.current_index from reading r join reading_period p on p.id = r.period_id
			where r.customer_id = c.id and r.current_index is not null
			order by p.period_month desc, r.id desc limit 1
		) rd on true
		where c.route_id = ${routeId}
		order by c.route_seq`.execute(db);
	return rows;
}

/** Locks the routes (in id order, so two moves between the same routes cannot deadlock). */
export async function lockRoutes(db: Kysely<DB>, ids: number[]): Promise<number[]> {
	const rows = await db
		.selectFrom('route')
		.select('id')
		.where('id', 'in', ids)
		.orderBy('id')
		.forUpdate()
		.execute();
	return rows.map((r) => r.id);
}

/** Current numbers of a route, in walking order. */
export async function routeSequence(
	db: Kysely<DB>,
	routeId: number
): Promise<{ id: number; seq: number }[]> {
	const rows = await db
		.selectFrom('customer')
		.select(['id', 'route_seq as seq'])
		.where('route_id', '=', routeId)
		.orderBy('route_seq')
		.execute();
	return rows.map((r) => ({ id: r.id, seq: r.seq! }));
}

/** Customers with their route, locked for the move when `lock`. */
export async function customersForMove(db: Kysely<DB>, ids: number[], lock: boolean) {
	const q = db
		.selectFrom('customer as c')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.select([
			'c.id',
			'c.code',
			'c.route_id as routeId',
			'c.route_seq as seq',
			'r.code as routeCode'
		])
		.where('c.id', 'in', ids);
	return (lock ? q.forUpdate('c') : q).execute();
}

/**
 * Puts customers at new numbers on `routeId` (also moving them there from another route).
 * The unique index (route_id, route_seq) is checked row by row and route_seq must stay
 * positive, so the rows first go to numbers above everything on the route (shift + new), then
 * down to their new numbers: neither step can meet a number still in use.
 */
export async function writeSequence(
	db: Kysely<DB>,
	routeId: number,
	changes: { id: number; to: number }[]
): Promise<void> {
	if (!changes.length) return;
	const ids = changes.map((c) => c.id);
	const seqs = changes.map((c) => c.to);
	const { rows } = await sql<{ top: number | null }>`
		select max(route_seq) as top from customer where route_id = ${routeId}`.execute(db);
	const shift = Math.max(rows[0]?.top ?? 0, ...seqs) + 1;
	await sql`
		update customer c set route_id = ${routeId}, route_seq = v.seq + ${shift}
		from unnest(${ids}::int[], ${seqs}::int[]) as v(id, seq)
		where c.id = v.id`.execute(db);
	await sql`
		update customer set route_seq = route_seq - ${shift}
		where id = any(${ids}::int[])`.execute(db);
}
