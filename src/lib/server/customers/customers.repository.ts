/**
 * SQL for the customer register: the paged list (filters, search, sort), one customer, writes,
 * contacts, status changes and deletion blockers. Every list/read function takes the caller's
 * route scope (null = all routes) and applies it in SQL. Filter values arrive typed and
 * whitelisted (domain/customers/list-query.ts) and go in as parameters, never as SQL text.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { CustomerInput } from '../../domain/customers/customer-input.ts';
import {
	LIST_COUNT_CAP,
	LIST_PAGE_SIZE,
	type FilterRow,
	type ListQuery
} from '../../domain/customers/list-query.ts';
import type { SearchPlan } from '../../domain/search/search-query.ts';
import type { DB } from '../db/types.gen.ts';

export async function countCustomers(db: Kysely<DB>): Promise<number> {
	const row = await db
		.selectFrom('customer')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

type CustomerEb = ExpressionBuilder<DB & { c: DB['customer'] }, 'c'>;

const filterColumn = {
	category: 'c.category',
	status: 'c.status',
	kind: 'c.kind',
	payment_method: 'c.payment_method',
	route: 'c.route_id',
	ward: 'c.ward_id',
	zone: 'c.zone_id'
} as const;

function filterExpr(eb: CustomerEb, f: FilterRow) {
	if (f.column === 'created') {
		// Calendar dates in the utility's time zone: 'from' the start of the day, 'to' its end,
		// as instants so customer_created_idx serves the range.
		const start = (day: string, plusDays: number) =>
			sql<Date>`((${day}::date + ${plusDays}::int)::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
		return f.op === 'gte'
			? eb('c.created_at', '>=', start(f.value, 0))
			: eb('c.created_at', '<', start(f.value, 1));
	}
	const col = filterColumn[f.column];
	// 'not equal' keeps customers with no value (no route, no zone): they are not equal either.
	return f.op === 'eq'
		? eb(col, '=', f.value as never)
		: eb.or([eb(col, '<>', f.value as never), eb(col, 'is', null)]);
}

/**
 * Matches the search plan: code prefix, phone prefix, meter serial prefix, or all words. Each
 * branch is a condition an index answers (code range on customer_code_key, phone prefix on
 * customer_phone_pattern_idx, words on the trigram index, serials as an id array from
 * meter_serial_pattern_idx), so PostgreSQL can OR them as bitmaps instead of scanning.
 */
export function searchExpr(eb: CustomerEb, plan: SearchPlan) {
	const parts = [];
	if (plan.codePrefix) {
		// Codes are 'KH' + 8 digits: the prefix padded with 0s and 9s bounds its range in any
		// collation (as in the map's search); the LIKE keeps the match exact.
		const p = plan.codePrefix;
		parts.push(
			eb.and([
				eb('c.code', '>=', p.padEnd(10, '0')),
				eb('c.code', '<=', p.padEnd(10, '9')),
				eb('c.code', 'like', `${p}%`)
			])
		);
	}
	for (const p of plan.phonePrefixes) parts.push(eb('c.phone', 'like', `${p}%`));
	if (plan.serialPrefix)
		parts.push(
			eb(
				'c.id',
				'=',
				sql<number>`any(array(select m.customer_id from meter m
					where m.serial like ${`${plan.serialPrefix}%`} and m.status = 'in_service'
					limit ${SERIAL_MATCHES}))`
			)
		);
	if (plan.wordPatterns.length > 0)
		parts.push(
			eb.and(plan.wordPatterns.map((w) => eb('c.search_text', 'like', sql<string>`wl_fold(${w})`)))
		);
	return eb.or(parts);
}

/** Meters matched by a serial prefix, at most (a 4-character prefix is not a meter search). */
const SERIAL_MATCHES = 1000;

export interface ListFilter {
	query: ListQuery;
	plan: SearchPlan | null;
	routeIds: number[] | null;
}

function filtered(db: Kysely<DB>, { query, plan, routeIds }: ListFilter) {
	let q = db.selectFrom('customer as c');
	if (routeIds) q = q.where('c.route_id', '=', sql<number>`any(${routeIds}::int[])`);
	if (query.tab !== 'all') q = q.where('c.kind', '=', query.tab);
	for (const f of query.filters) q = q.where((eb) => filterExpr(eb, f));
	if (plan) q = q.where((eb) => searchExpr(eb, plan));
	return q;
}

export interface ListRow {
	id: number;
	code: string;
	name: string;
	kind: string;
	address: string;
	phone: string | null;
	category: string;
	status: string;
	route: string | null;
	routeSeq: number | null;
	ward: string;
	wardKind: string;
	createdAt: Date;
}

export async function listCustomers(db: Kysely<DB>, filter: ListFilter): Promise<ListRow[]> {
	const { sort, dir, page } = filter.query;
	let q = filtered(db, filter)
		.innerJoin('ward as w', 'w.id', 'c.ward_id')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.select([
			'c.id',
			'c.code',
			'c.name',
			'c.kind',
			'c.address',
			'c.phone',
			'c.category',
			'c.status',
			'r.code as route',
			'c.route_seq as routeSeq',
			'w.name as ward',
			'w.kind as wardKind',
			'c.created_at as createdAt'
		]);
	// Each order ends on a unique column so pages never overlap; each has an index.
	if (sort === 'code') q = q.orderBy('c.code', dir);
	else if (sort === 'name') q = q.orderBy('c.name', dir).orderBy('c.id', dir);
	else if (sort === 'created') q = q.orderBy('c.created_at', dir).orderBy('c.id', dir);
	else
		// Customers without a route sort after the routes ascending, before them descending:
		// PostgreSQL's default, which lets customer_route_seq_key serve both directions.
		q = q.orderBy('c.route_id', dir).orderBy('c.route_seq', dir).orderBy('c.id', dir);
	return (await q
		.limit(LIST_PAGE_SIZE)
		.offset((page - 1) * LIST_PAGE_SIZE)
		.execute()) as ListRow[];
}

/** Matches counted up to the cap: { count, capped } (capped: there are more than count). */
export async function countListed(
	db: Kysely<DB>,
	filter: ListFilter
): Promise<{ count: number; capped: boolean }> {
	const row = await db
		.selectFrom(
			filtered(db, filter)
				.select('c.id')
				.limit(LIST_COUNT_CAP + 1)
				.as('t')
		)
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	const n = Number(row.n);
	return n > LIST_COUNT_CAP ? { count: LIST_COUNT_CAP, capped: true } : { count: n, capped: false };
}

/** Rows for the export, all of them (streamed in chunks). */
export function streamListed(db: Kysely<DB>, filter: ListFilter, chunk = 1000) {
	return filtered(db, filter)
		.innerJoin('ward as w', 'w.id', 'c.ward_id')
		.leftJoin('zone as z', 'z.id', 'c.zone_id')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.select([
			'c.code',
			'c.name',
			'c.kind',
			'c.tax_or_id_number as taxOrIdNumber',
			'c.address',
			'w.name as ward',
			'w.kind as wardKind',
			'z.name as zone',
			'c.phone',
			'c.email',
			'c.category',
			'c.status',
			'c.payment_method as paymentMethod',
			'c.bank_account as bankAccount',
			'c.bank_name as bankName',
			'c.households',
			'c.persons',
			'r.code as route',
			'c.route_seq as routeSeq',
			'c.created_at as createdAt',
			sql<number>`ST_X(c.geom)`.as('lon'),
			sql<number>`ST_Y(c.geom)`.as('lat')
		])
		.orderBy('c.code')
		.stream(chunk);
}

/** Customers matching a search who sit outside a route (for "KH… thuộc tuyến …"). */
export async function searchOutsideRoute(
	db: Kysely<DB>,
	plan: SearchPlan,
	routeId: number,
	routeIds: number[] | null,
	limit = 5
): Promise<{ code: string; name: string; route: string | null }[]> {
	let q = db
		.selectFrom('customer as c')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.select(['c.code', 'c.name', 'r.code as route'])
		.where((eb) => searchExpr(eb, plan))
		.where((eb) => eb.or([eb('c.route_id', '<>', routeId), eb('c.route_id', 'is', null)]));
	if (routeIds) q = q.where('c.route_id', '=', sql<number>`any(${routeIds}::int[])`);
	return q.orderBy('c.code').limit(limit).execute();
}

export interface CustomerRow {
	id: number;
	code: string;
	name: string;
	kind: string;
	tax_or_id_number: string | null;
	address: string;
	ward_id: number;
	ward: string;
	ward_kind: string;
	zone_id: number | null;
	zone: string | null;
	lon: number;
	lat: number;
	phone: string | null;
	email: string | null;
	payment_method: string;
	bank_account: string | null;
	bank_name: string | null;
	category: string;
	industry: string | null;
	households: number;
	persons: number;
	status: string;
	route_id: number | null;
	route: string | null;
	route_name: string | null;
	route_seq: number | null;
	created_at: Date;
	updated_at: Date;
}

/** One customer, locked for update when `forUpdate` (inside a transaction). */
export async function getCustomer(
	db: Kysely<DB>,
	id: number,
	forUpdate = false
): Promise<CustomerRow | undefined> {
	let q = db
		.selectFrom('customer as c')
		.innerJoin('ward as w', 'w.id', 'c.ward_id')
		.leftJoin('zone as z', 'z.id', 'c.zone_id')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.select([
			'c.id',
			'c.code',
			'c.name',
			'c.kind',
			'c.tax_or_id_number',
			'c.address',
			'c.ward_id',
			'w.name as ward',
			'w.kind as ward_kind',
			'c.zone_id',
			'z.name as zone',
			sql<number>`ST_X(c.geom)`.as('lon'),
			sql<number>`ST_Y(c.geom)`.as('lat'),
			'c.phone',
			'c.email',
			'c.payment_method',
			'c.bank_account',
			'c.bank_name',
			'c.category',
			'c.industry',
			'c.households',
			'c.persons',
			'c.status',
			'c.route_id',
			'r.code as route',
			'r.name as route_name',
			'c.route_seq',
			'c.created_at',
			'c.updated_at'
		])
		.where('c.id', '=', id);
	if (forUpdate) q = q.forUpdate('c');
	return q.executeTakeFirst() as Promise<CustomerRow | undefined>;
}

function columnsOf(input: CustomerInput) {
	const { lon, lat, ...rest } = input;
	return { ...rest, geom: sql<string>`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)` };
}

export async function insertCustomer(
	db: Kysely<DB>,
	input: CustomerInput
): Promise<{ id: number; code: string }> {
	return db
		.insertInto('customer')
		.values(columnsOf(input))
		.returning(['id', 'code'])
		.executeTakeFirstOrThrow();
}

export async function updateCustomer(
	db: Kysely<DB>,
	id: number,
	input: CustomerInput
): Promise<void> {
	await db
		.updateTable('customer')
		.set({ ...columnsOf(input), updated_at: sql`now()` })
		.where('id', '=', id)
		.execute();
}

export async function setCustomerStatus(db: Kysely<DB>, id: number, status: string): Promise<void> {
	await db
		.updateTable('customer')
		.set({ status, updated_at: sql`now()` })
		.where('id', '=', id)
		.execute();
}

export async function insertStatusChange(
	db: Kysely<DB>,
	row: {
		customer_id: number;
		action: string;
		from_status: string;
		to_status: string;
		reason: string;
		effective_on: string;
		changed_by: number | null;
	}
): Promise<number> {
	const r = await db
		.insertInto('customer_status_change')
		.values(row)
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(r.id);
}

export async function listStatusChanges(db: Kysely<DB>, customerId: number) {
	return db
		.selectFrom('customer_status_change as s')
		.leftJoin('staff as st', 'st.id', 's.changed_by')
		.select([
			's.id',
			's.action',
			's.from_status',
			's.to_status',
			's.reason',
			's.effective_on',
			's.created_at',
			'st.full_name as changed_by'
		])
		.where('s.customer_id', '=', customerId)
		.orderBy('s.effective_on', 'desc')
		.orderBy('s.id', 'desc')
		.limit(20)
		.execute();
}

export interface ContactInput {
	name: string;
	relation: string | null;
	phone: string | null;
	email: string | null;
	note: string | null;
}

export async function listContacts(db: Kysely<DB>, customerId: number) {
	return db
		.selectFrom('customer_contact')
		.select(['id', 'name', 'relation', 'phone', 'email', 'note'])
		.where('customer_id', '=', customerId)
		.orderBy('id')
		.execute();
}

export async function getContact(db: Kysely<DB>, customerId: number, id: number) {
	return db
		.selectFrom('customer_contact')
		.select(['id', 'customer_id', 'name', 'relation', 'phone', 'email', 'note'])
		.where('customer_id', '=', customerId)
		.where('id', '=', id)
		.forUpdate()
		.executeTakeFirst();
}

export async function insertContact(db: Kysely<DB>, customerId: number, c: ContactInput) {
	const r = await db
		.insertInto('customer_contact')
		.values({ ...c, customer_id: customerId })
		.returning('id')
		.executeTakeFirstOrThrow();
	return r.id;
}

export async function updateContact(db: Kysely<DB>, id: number, c: ContactInput) {
	await db.updateTable('customer_contact').set(c).where('id', '=', id).execute();
}

export async function deleteContact(db: Kysely<DB>, id: number) {
	await db.deleteFrom('customer_contact').where('id', '=', id).execute();
}

/** What keeps customers from being deleted, per customer id (only those with a blocker). */
export interface Blockers {
	invoices: number;
	contracts: number;
	readings: number;
	workOrders: number;
	meterReplacements: number;
}

export async function deletionBlockers(
	db: Kysely<DB>,
	ids: number[]
): Promise<Map<number, Blockers>> {
	const { rows } = await sql<{
		id: number;
		invoices: string;
		contracts: string;
		readings: string;
		work_orders: string;
		meter_replacements: string;
	}>`
		select c.id,
			(select count(*) from invoice x where x.customer_id = c.id) as invoices,
			(select count(*) from contract x where x.customer_id = c.id) as contracts,
			(select count(*) from reading x where x.customer_id = c.id) as readings,
			(select count(*) from work_order x where x.customer_id = c.id) as work_orders,
			(select count(*) from meter_replacement x where x.customer_id = c.id) as meter_replacements
		from customer c where c.id = any(${ids}::int[])`.execute(db);
	const out = new Map<number, Blockers>();
	for (const r of rows) {
		const b: Blockers = {
			invoices: Number(r.invoices),
			contracts: Number(r.contracts),
			readings: Number(r.readings),
			workOrders: Number(r.work_orders),
			meterReplacements: Number(r.meter_replacements)
		};
		if (Object.values(b).some((n) => n > 0)) out.set(r.id, b);
	}
	return out;
}

/** Meters in service at the customer (a deleted customer's meter goes back to stock). */
export async function inServiceMeters(db: Kysely<DB>, customerId: number) {
	return db
		.selectFrom('meter')
		.select(['id', 'serial', 'status', 'customer_id'])
		.where('customer_id', '=', customerId)
		.forUpdate()
		.execute();
}

export async function returnMeterToStock(db: Kysely<DB>, meterId: number) {
	await db
		.updateTable('meter')
		.set({ status: 'in_stock', customer_id: null })
		.where('id', '=', meterId)
		.execute();
}

export async function deleteCustomerRow(db: Kysely<DB>, id: number) {
	await db.deleteFrom('customer').where('id', '=', id).execute();
}

/** The service area, degrees: the extent of the wards, so a point outside is refused. */
export async function serviceExtent(db: Kysely<DB>) {
	const { rows } = await sql<{ minLon: number; minLat: number; maxLon: number; maxLat: number }>`
		select ST_XMin(e) as "minLon", ST_YMin(e) as "minLat", ST_XMax(e) as "maxLon",
			ST_YMax(e) as "maxLat"
		from (select ST_Extent(geom) as e from ward) x`.execute(db);
	return rows[0];
}

/** Choices for the forms and the filter builder. */
export async function formChoices(db: Kysely<DB>, routeIds: number[] | null) {
	let routes = db.selectFrom('route').select(['id', 'code', 'name']).orderBy('code');
	if (routeIds) routes = routes.where('id', '=', sql<number>`any(${routeIds}::int[])`);
	const [wards, zones, routeRows] = await Promise.all([
		db.selectFrom('ward').select(['id', 'name', 'kind']).orderBy('name').execute(),
		db.selectFrom('zone').select(['id', 'code', 'name']).orderBy('code').execute(),
		routes.execute()
	]);
	return { wards, zones, routes: routeRows };
}
