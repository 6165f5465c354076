/**
 * Queries of the review list: flagged and reviewed readings of a period, one reading with
 * everything the detail page shows, its corrections, photos, orders and the customer's
 * back-billing. Plain functions taking db or trx first; the service enforces route scope by
 * passing `routeIds` (null = every route).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;
const num = (expr: ReturnType<typeof sql>) => sql<number>`(${expr})::float8`;

export interface ReviewFilter {
	periodId: number;
	statuses: readonly string[];
	flag?: string;
	routeId?: number;
	readerId?: number;
	/** Route scope: null = every route. */
	routeIds: readonly number[] | null;
	limit: number;
	offset: number;
}

function where(f: ReviewFilter) {
	return sql.join(
		[
			sql`r.period_id = ${f.periodId}`,
			sql`r.review_status = any(${f.statuses as string[]}::text[])`,
			f.flag ? sql`${f.flag} = any(r.flags)` : sql`true`,
			f.routeId ? sql`c.route_id = ${f.routeId}` : sql`true`,
			f.readerId ? sql`r.reader_id = ${f.readerId}` : sql`true`,
			f.routeIds === null ? sql`true` : sql`c.route_id = any(${f.routeIds as number[]}::int[])`
		],
		sql` and `
	);
}

export interface ReviewRow {
	id: number;
	customer_id: number;
	code: string;
	name: string;
	route_id: number | null;
	route_code: string | null;
	previous_index: number;
	current_index: number | null;
	consumption_m3: number | null;
	/** Mean of the last 3 actual periods before this one, m³. */
	average_m3: number | null;
	kind: string;
	flags: string[];
	review_status: string;
	reader_name: string | null;
	read_at: Date | null;
	photo_count: number;
}

/** One page of the list, in route order; the average walks reading_customer_idx per row. */
export async function listReview(db: Db, f: ReviewFilter): Promise<ReviewRow[]> {
	const { rows } = await sql<ReviewRow>`
		select r.id::int as id, c.id as customer_id, c.code, c.name, c.route_id, rt.code as route_code,
			${num(sql`r.previous_index`)} as previous_index, ${num(sql`r.current_index`)} as current_index,
			${num(sql`r.consumption_m3`)} as consumption_m3, ${num(sql`hist.avg`)} as average_m3,
			r.kind, r.flags, r.review_status, s.full_name as reader_name, r.read_at,
			(select count(*)::int from attachment a where a.entity = 'reading' and a.entity_id = r.id) as photo_count
		from reading r
		join reading_period p on p.id = r.period_id
		join customer c on c.id = r.customer_id
		left join route rt on rt.id = c.route_id
		left join staff s on s.id = r.reader_id
		left join lateral (
			select avg(x.consumption_m3) as avg from (
				select r2.consumption_m3 from reading r2 join reading_period p2 on p2.id = r2.period_id
				where r2.customer_id = c.id and p2.period_month < p.period_month and r2.kind = 'actual'
				order by p2.period_month desc limit 3) x
		) hist on true
		where ${where(f)}
		order by rt.code nulls last, c.route_seq nulls last, c.code
		limit ${f.limit} offset ${f.offset}`.execute(db);
	return rows;
}

export async function countReview(db: Db, f: ReviewFilter): Promise<number> {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from reading r join customer c on c.id = r.customer_id
		where ${where(f)}`.execute(db);
	return rows[0].n;
}

/** Routes and readers that have readings to review in the period, within the scope. */
export async function reviewChoices(db: Db, periodId: number, routeIds: readonly number[] | null) {
	const scope =
		routeIds === null ? sql`true` : sql`c.route_id = any(${routeIds as number[]}::int[])`;
	const [routes, readers] = await Promise.all([
		sql<{ id: number; code: string; name: string }>`
			select distinct rt.id, rt.code, rt.name from reading r
			join customer c on c.id = r.customer_id join route rt on rt.id = c.route_id
			where r.period_id = ${periodId} and r.review_status <> 'ok' and ${scope}
			order by rt.code`.execute(db),
		sql<{ id: number; name: string }>`
			select distinct s.id, s.full_name as name from reading r
			join customer c on c.id = r.customer_id join staff s on s.id = r.reader_id
			where r.period_id = ${periodId} and r.review_status <> 'ok' and ${scope}
			order by name`.execute(db)
	]);
	return { routes: routes.rows, readers: readers.rows };
}

export interface ReadingRecord {
	id: number;
	period_id: number;
	period_month: string;
	period_status: 'open' | 'closed' | 'locked';
	customer_id: number;
	code: string;
	name: string;
	address: string;
	customer_status: string;
	route_id: number | null;
	route_code: string | null;
	meter_id: number;
	meter_serial: string | null;
	dial_digits: number;
	previous_index: number;
	current_index: number | null;
	consumption_m3: number | null;
	kind: 'actual' | 'estimated' | 'no_access';
	flags: string[];
	review_status: string;
	note_code: string | null;
	note: string | null;
	source: string | null;
	reader_name: string | null;
	read_at: Date | null;
	distance_m: number | null;
	gps_accuracy_m: number | null;
	/** Where the reader stood, degrees; null without a fix. */
	read_lon: number | null;
	read_lat: number | null;
	/** The connection, degrees. */
	lon: number | null;
	lat: number | null;
	photo_count: number;
}

/** One reading; `forUpdate` locks its row for a review action. */
export async function findReading(
	db: Db,
	id: number,
	options: { forUpdate?: boolean } = {}
): Promise<ReadingRecord | undefined> {
	const { rows } = await sql<ReadingRecord>`
		select r.id::int as id, r.period_id, p.period_month::text as period_month, p.status as period_status,
			c.id as customer_id, c.code, c.name, c.address, c.status as customer_status, c.route_id,
			rt.code as route_code, r.meter_id, m.serial as meter_serial, m.dial_digits,
			${num(sql`r.previous_index`)} as previous_index, ${num(sql`r.current_index`)} as current_index,
			${num(sql`r.consumption_m3`)} as consumption_m3, r.kind, r.flags, r.review_status,
			r.note_code, r.note, r.source, s.full_name as reader_name, r.read_at,
			${num(sql`r.distance_m`)} as distance_m, ${num(sql`r.gps_accuracy_m`)} as gps_accuracy_m,
			ST_X(r.geom) as read_lon, ST_Y(r.geom) as read_lat, ST_X(c.geom) as lon, ST_Y(c.geom) as lat,
			(select count(*)::int from attachment a where a.entity = 'reading' and a.entity_id = r.id) as photo_count
		from reading r
		join reading_period p on p.id = r.period_id
		join customer c on c.id = r.customer_id
		join meter m on m.id = r.meter_id
		left join route rt on rt.id = c.route_id
		left join staff s on s.id = r.reader_id
		where r.id = ${id}
		${options.forUpdate ? sql`for update of r` : sql``}`.execute(db);
	return rows[0];
}

/** The customer's consumption in the last `n` periods up to this one, oldest first. */
export async function consumptionHistory(db: Db, customerId: number, periodMonth: string, n = 12) {
	const { rows } = await sql<{ period_month: string; consumption_m3: number | null; kind: string }>`
		select * from (
			select p.period_month::text as period_month, ${num(sql`r.consumption_m3`)} as consumption_m3, r.kind
			from reading r join reading_period p on p.id = r.period_id
			where r.customer_id = ${customerId} and p.period_month <= ${periodMonth}::date
			order by p.period_month desc limit ${n}) x
		order by period_month`.execute(db);
	return rows;
}

export async function corrections(db: Db, readingId: number) {
	return db
		.selectFrom('reading_correction as k')
		.leftJoin('staff as s', 's.id', 'k.actor_id')
		.select([
			'k.id',
			'k.field',
			'k.old_value',
			'k.new_value',
			'k.reason',
			'k.at',
			's.full_name as actor'
		])
		.where('k.reading_id', '=', String(readingId))
		.orderBy('k.at', 'desc')
		.orderBy('k.id', 'desc')
		.execute();
}

export async function backBillings(db: Db, customerId: number) {
	const { rows } = await sql<{
		id: number;
		period_month: string;
		volume_m3: number;
		reason: string;
		created_by: string | null;
		created_at: Date;
	}>`
		select b.id::int as id, p.period_month::text as period_month, ${num(sql`b.volume_m3`)} as volume_m3,
			b.reason, s.full_name as created_by, b.created_at
		from back_billing b join reading_period p on p.id = b.period_id
		left join staff s on s.id = b.created_by
		where b.customer_id = ${customerId}
		order by p.period_month desc, b.id desc`.execute(db);
	return rows;
}

export async function insertBackBilling(
	db: Db,
	b: { customerId: number; periodId: number; volumeM3: number; reason: string; createdBy: number }
): Promise<number> {
	const row = await db
		.insertInto('back_billing')
		.values({
			customer_id: b.customerId,
			period_id: b.periodId,
			volume_m3: String(b.volumeM3),
			reason: b.reason,
			created_by: b.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(row.id);
}

/** Work orders raised from the reading, newest first, with their result (a re-read's index). */
export async function linkedOrders(db: Db, readingId: number) {
	return db
		.selectFrom('work_order')
		.select(['id', 'number', 'type', 'status', 'result', 'created_at'])
		.where('reading_id', '=', String(readingId))
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.execute();
}

export async function linkOrder(db: Db, orderId: number, readingId: number): Promise<void> {
	await db
		.updateTable('work_order')
		.set({ reading_id: String(readingId) })
		.where('id', '=', String(orderId))
		.execute();
}

/** Meter photos of one reading, or of every reading of a customer (with the period). */
export async function meterPhotos(db: Db, by: { readingId: number } | { customerId: number }) {
	const filter =
		'readingId' in by ? sql`a.entity_id = ${by.readingId}` : sql`a.customer_id = ${by.customerId}`;
	const { rows } = await sql<{
		id: number;
		reading_id: number;
		period_month: string;
		file_name: string;
		content_type: string;
		uploaded_at: Date;
	}>`
		select a.id::int as id, r.id::int as reading_id, p.period_month::text as period_month,
			a.file_name, a.content_type, a.uploaded_at
		from attachment a join reading r on r.id = a.entity_id
		join reading_period p on p.id = r.period_id
		where a.entity = 'reading' and ${filter}
		order by p.period_month desc, a.id desc`.execute(db);
	return rows;
}

export interface ReadingUpdate {
	previous_index: number;
	current_index: number | null;
	consumption_m3: number | null;
	kind: string;
	flags: string[];
	review_status: string;
	rollover: boolean;
	old_meter_m3: number | null;
	settled_estimate_m3: number | null;
	credit_m3: number;
}

/** Writes a review's outcome; only the columns given change. */
export async function updateReading(db: Db, id: number, u: Partial<ReadingUpdate>): Promise<void> {
	const str = (x: number | null | undefined) =>
		x === undefined ? undefined : x === null ? null : String(x);
	await db
		.updateTable('reading')
		.set({
			previous_index: str(u.previous_index) ?? undefined,
			current_index: str(u.current_index),
			consumption_m3: str(u.consumption_m3),
			kind: u.kind,
			flags: u.flags,
			review_status: u.review_status,
			rollover: u.rollover,
			old_meter_m3: str(u.old_meter_m3),
			settled_estimate_m3: str(u.settled_estimate_m3),
			credit_m3: str(u.credit_m3) ?? undefined,
			updated_at: new Date()
		})
		.where('id', '=', String(id))
		.execute();
}

export async function orderNumber(db: Kysely<DB>, orderId: number): Promise<string> {
	const row = await db
		.selectFrom('work_order')
		.select('number')
		.where('id', '=', String(orderId))
		.executeTakeFirstOrThrow();
	return row.number;
}
