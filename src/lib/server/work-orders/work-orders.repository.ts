/**
 * SQL for work orders, their timeline, numbering, customer requests and staff suggestions.
 * Coordinates are WGS84 degrees in and out; distances are metres on the geography.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

const point = (lon: number, lat: number) =>
	sql<string>`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;

/** Statuses that still need someone's work: the load of a technician. */
const OPEN = ['assigned', 'accepted', 'en_route', 'in_progress'];

/**
 * The next order sequence of the year. The first order of a year starts after the largest
 * number already there (seeded or imported orders); concurrent creators queue on the row.
 */
export async function nextOrderSeq(db: Db, year: number): Promise<number> {
	const { rows } = await sql<{ last_value: number }>`
		insert into work_order_counter (year, last_value)
		values (${year}, coalesce((select max(split_part(number, '-', 3)::int) from work_order
			where number like ${`PCT-${year}-%`}), 0) + 1)
		on conflict (year) do update set last_value = work_order_counter.last_value + 1
		returning last_value`.execute(db);
	return rows[0].last_value;
}

/** The next request sequence of the year; requests are few, so a lock and a max suffice. */
export async function nextRequestSeq(db: Db, year: number): Promise<number> {
	await sql`select pg_advisory_xact_lock(hashtext(${`customer_request:${year}`}))`.execute(db);
	const { rows } = await sql<{ n: number }>`
		select coalesce(max(split_part(number, '-', 3)::int), 0) + 1 as n from customer_request
		where number like ${`YC-${year}-%`}`.execute(db);
	return rows[0].n;
}

export interface CustomerPlace {
	id: number;
	code: string;
	name: string;
	address: string;
	lon: number | null;
	lat: number | null;
	routeId: number | null;
}

export async function findCustomer(db: Db, id: number): Promise<CustomerPlace | undefined> {
	return db
		.selectFrom('customer')
		.select([
			'id',
			'code',
			'name',
			'address',
			'route_id as routeId',
			sql<number | null>`ST_X(geom)`.as('lon'),
			sql<number | null>`ST_Y(geom)`.as('lat')
		])
		.where('id', '=', id)
		.executeTakeFirst();
}

export async function findStaff(db: Db, id: number) {
	return db
		.selectFrom('staff')
		.select(['id', 'full_name as fullName', 'role_code as role', 'active'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export interface NewOrder {
	number: string;
	type: string;
	priority: string;
	customerId: number | null;
	meterId: number | null;
	lon: number;
	lat: number;
	address: string | null;
	description: string;
	dueAt: Date;
	slaHours: number;
	createdBy: number;
	requestId: number | null;
}

export async function insertOrder(db: Db, o: NewOrder): Promise<number> {
	const row = await db
		.insertInto('work_order')
		.values({
			number: o.number,
			type: o.type,
			priority: o.priority,
			customer_id: o.customerId,
			meter_id: o.meterId,
			geom: point(o.lon, o.lat),
			address: o.address,
			description: o.description,
			due_at: o.dueAt,
			sla_hours: o.slaHours,
			created_by: o.createdBy,
			request_id: o.requestId === null ? null : String(o.requestId)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(row.id);
}

export async function meterInService(db: Db, customerId: number): Promise<number | null> {
	const row = await db
		.selectFrom('meter')
		.select('id')
		.where('customer_id', '=', customerId)
		.where('status', '=', 'in_service')
		.executeTakeFirst();
	return row?.id ?? null;
}

function orderQuery(db: Db) {
	return db
		.selectFrom('work_order as w')
		.leftJoin('customer as c', 'c.id', 'w.customer_id')
		.leftJoin('staff as a', 'a.id', 'w.assigned_to')
		.select([
			'w.id',
			'w.number',
			'w.type',
			'w.status',
			'w.priority',
			sql<number>`ST_X(w.geom)`.as('lon'),
			sql<number>`ST_Y(w.geom)`.as('lat'),
			sql<string | null>`coalesce(w.address, c.address)`.as('address'),
			'w.customer_id as customerId',
			'c.code as customerCode',
			'c.name as customerName',
			'w.assigned_to as assignedTo',
			'a.full_name as assigneeName',
			'w.due_at as dueAt',
			'w.created_at as createdAt',
			'w.version'
		]);
}

type RawListRow = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>;
export type OrderListRow = Omit<RawListRow, 'id' | 'dueAt' | 'createdAt'> & {
	id: number;
	dueAt: string | null;
	createdAt: string;
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const toListRow = (r: RawListRow): OrderListRow => ({
	...r,
	id: Number(r.id),
	dueAt: iso(r.dueAt),
	createdAt: iso(r.createdAt)!
});

export interface OrderFilter {
	statuses?: string[];
	types?: string[];
	priorities?: string[];
	unassigned?: boolean;
	assignedTo?: number;
	/** minLon, minLat, maxLon, maxLat (WGS84). */
	bbox?: [number, number, number, number];
	overdue?: boolean;
	oldestFirst?: boolean;
	limit: number;
	offset?: number;
}

function filtered(db: Db, f: OrderFilter) {
	let q = orderQuery(db);
	if (f.statuses?.length) q = q.where('w.status', 'in', f.statuses);
	if (f.types?.length) q = q.where('w.type', 'in', f.types);
	if (f.priorities?.length) q = q.where('w.priority', 'in', f.priorities);
	if (f.unassigned) q = q.where('w.assigned_to', 'is', null).where('w.status', '=', 'new');
	if (f.assignedTo !== undefined) q = q.where('w.assigned_to', '=', f.assignedTo);
	if (f.overdue)
		q = q
			.where('w.due_at', '<', sql<Date>`now()`)
			.where('w.status', 'not in', ['done', 'failed', 'verified', 'cancelled']);
	if (f.bbox) {
		const [x0, y0, x1, y1] = f.bbox;
		q = q.where(
			sql<boolean>`w.geom_3857 && ST_Transform(ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}, 4326), 3857)`
		);
	}
	return q;
}

export async function listOrders(db: Db, f: OrderFilter): Promise<OrderListRow[]> {
	const rows = await filtered(db, f)
		.orderBy('w.created_at', f.oldestFirst ? 'asc' : 'desc')
		.orderBy('w.id', f.oldestFirst ? 'asc' : 'desc')
		.limit(f.limit)
		.offset(f.offset ?? 0)
		.execute();
	return rows.map(toListRow);
}

export async function countOrders(db: Db, f: OrderFilter): Promise<number> {
	const row = await filtered(db, f)
		.clearSelect()
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function findOrder(db: Db, id: number, lock = false) {
	let q = db
		.selectFrom('work_order')
		.selectAll()
		.select([sql<number>`ST_X(geom)`.as('lon'), sql<number>`ST_Y(geom)`.as('lat')])
		.where('id', '=', String(id));
	if (lock) q = q.forUpdate();
	return q.executeTakeFirst();
}
export type OrderRecord = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

/** Locks the orders in id order (two bulk assigns never deadlock). */
export async function lockOrders(db: Db, ids: number[]) {
	return db
		.selectFrom('work_order')
		.select(['id', 'status', 'assigned_to', 'number', 'version'])
		.where('id', 'in', ids.map(String))
		.orderBy('id')
		.forUpdate()
		.execute();
}

export async function findListRow(db: Db, id: number): Promise<OrderListRow | undefined> {
	const row = await orderQuery(db).where('w.id', '=', String(id)).executeTakeFirst();
	return row && toListRow(row);
}

export async function updateOrder(
	db: Db,
	id: number,
	change: { status: string; assignedTo: number | null; result?: unknown; statusChanged: boolean }
): Promise<void> {
	await db
		.updateTable('work_order')
		.set((eb) => ({
			status: change.status,
			assigned_to: change.assignedTo,
			version: eb('version', '+', 1),
			updated_at: sql<Date>`now()`,
			...(change.statusChanged ? { status_changed_at: sql<Date>`now()` } : {}),
			...(change.result !== undefined ? { result: sql`${change.result}::jsonb` } : {})
		}))
		.where('id', '=', String(id))
		.execute();
}

export interface NewEvent {
	orderId: number;
	from: string | null;
	to: string;
	assignedTo: number | null;
	staffId: number;
	note?: string | null;
	lon?: number;
	lat?: number;
	idempotencyKey?: string | null;
}

export async function insertEvent(db: Db, e: NewEvent): Promise<void> {
	await db
		.insertInto('work_order_event')
		.values({
			work_order_id: String(e.orderId),
			from_status: e.from,
			to_status: e.to,
			assigned_to: e.assignedTo,
			staff_id: e.staffId,
			note: e.note ?? null,
			geom: e.lon !== undefined && e.lat !== undefined ? point(e.lon, e.lat) : null,
			idempotency_key: e.idempotencyKey ?? null
		})
		.execute();
}

export async function eventByKey(db: Db, key: string) {
	return db
		.selectFrom('work_order_event')
		.select(['work_order_id as orderId', 'to_status as to', 'staff_id as staffId'])
		.where('idempotency_key', '=', key)
		.executeTakeFirst();
}

export async function timeline(db: Db, orderId: number) {
	const rows = await db
		.selectFrom('work_order_event as e')
		.leftJoin('staff as s', 's.id', 'e.staff_id')
		.leftJoin('staff as a', 'a.id', 'e.assigned_to')
		.select([
			'e.id',
			'e.from_status as from',
			'e.to_status as to',
			'e.at',
			'e.note',
			'e.staff_id as staffId',
			's.full_name as staffName',
			'e.assigned_to as assignedTo',
			'a.full_name as assigneeName',
			sql<number | null>`ST_X(e.geom)`.as('lon'),
			sql<number | null>`ST_Y(e.geom)`.as('lat')
		])
		.where('e.work_order_id', '=', String(orderId))
		.orderBy('e.at')
		.orderBy('e.id')
		.execute();
	return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() }));
}

export async function staffNames(db: Db, ids: number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.selectFrom('staff')
		.select(['id', 'full_name'])
		.where('id', 'in', ids)
		.execute();
	return new Map(rows.map((r) => [r.id, r.full_name]));
}

/**
 * On-duty field staff nearest to the point by the KNN index on their live position (EPSG:3857
 * distance orders them; the returned distance is metres on the geography), with their skills
 * and how many open orders they carry.
 */
export async function nearestStaff(db: Db, lon: number, lat: number, limit: number) {
	const { rows } = await sql<{
		staffId: number;
		name: string;
		distanceM: number;
		skills: string[];
		openOrders: number;
	}>`
		select n.staff_id as "staffId", s.full_name as name,
			ST_Distance(n.geom::geography, ${point(lon, lat)}::geography) as "distanceM",
			coalesce((select array_agg(k.skill order by k.skill) from staff_skill k
				where k.staff_id = n.staff_id), '{}') as skills,
			(select count(*)::int from work_order w where w.assigned_to = n.staff_id
				and w.status in (${sql.join(OPEN)})) as "openOrders"
		from (
			select l.staff_id, l.geom from staff_live l
			where l.on_duty and l.geom is not null
			order by l.geom_3857 <-> ST_Transform(${point(lon, lat)}, 3857)
			limit ${limit}
		) n
		join staff s on s.id = n.staff_id and s.active and s.role_code = 'field'`.execute(db);
	return rows.map((r) => ({ ...r, distanceM: Math.round(r.distanceM) }));
}

export interface NewRequest {
	number: string;
	kind: 'request' | 'complaint';
	channel: 'counter' | 'phone';
	customerId: number | null;
	callerName: string | null;
	callerPhone: string | null;
	address: string | null;
	lon: number | null;
	lat: number | null;
	description: string;
	receivedBy: number;
}

export async function insertRequest(db: Db, r: NewRequest): Promise<number> {
	const row = await db
		.insertInto('customer_request')
		.values({
			number: r.number,
			kind: r.kind,
			channel: r.channel,
			customer_id: r.customerId,
			caller_name: r.callerName,
			caller_phone: r.callerPhone,
			address: r.address,
			geom: r.lon !== null && r.lat !== null ? point(r.lon, r.lat) : null,
			description: r.description,
			received_by: r.receivedBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(row.id);
}

export async function findRequest(db: Db, id: number) {
	return db
		.selectFrom('customer_request')
		.select(['id', 'number', 'kind', 'channel', 'caller_name as callerName', 'received_at'])
		.where('id', '=', String(id))
		.executeTakeFirst();
}

/** Active field staff for the assignee filter and picker. */
export async function listFieldStaff(db: Db) {
	return db
		.selectFrom('staff')
		.select(['id', 'full_name as name'])
		.where('role_code', '=', 'field')
		.where('active', '=', true)
		.orderBy('full_name')
		.execute();
}

/**
 * Demo only: active field staff without any recorded skill get a deterministic set, so staff
 * suggestions weigh skills in the demo. Everyone reads meters; by id, one in three also
 * handles meters, pipes or inspections, and every other one a second of those.
 */
export async function giveDemoSkills(db: Db): Promise<number> {
	const { numAffectedRows } = await sql`
		insert into staff_skill (staff_id, skill)
		select s.id, k.skill from staff s
		cross join lateral (values ('reading'),
			((array['meter', 'pipe', 'inspection'])[s.id % 3 + 1]),
			(case when s.id % 2 = 0 then (array['pipe', 'inspection', 'meter'])[s.id % 3 + 1] end)
		) as k(skill)
		where s.role_code = 'field' and s.active and k.skill is not null
			and not exists (select 1 from staff_skill x where x.staff_id = s.id)
		on conflict do nothing`.execute(db);
	return Number(numAffectedRows ?? 0);
}
