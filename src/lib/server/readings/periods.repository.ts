/**
 * Reading periods (kỳ ghi) as a whole: progress per period and per route, the per-route
 * schedule, status changes and the reading rules row. Plain functions taking db or trx
 * first; route scope arrives as `routeIds` (null = all routes).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';
import type { PeriodRow } from './readings.repository.ts';

const periodColumns = sql`p.id, p.period_month::text as period_month, p.status, p.opened_at, p.closed_at, p.locked_at`;
const customerScope = (routeIds: number[] | null) =>
	routeIds ? sql`and c.route_id = any(${routeIds}::int[])` : sql``;

export interface PeriodProgress extends PeriodRow {
	/** Customers with a meter in service (today's register) in the user's routes. */
	total: number;
	/** Readings entered in the period, in the user's routes. */
	read: number;
	flagged: number;
	/** Readings that are not actual: estimated or no access. */
	estimated: number;
}

/** The latest periods, newest first, each with its progress in the user's routes. */
export async function listPeriodProgress(
	db: Kysely<DB>,
	routeIds: number[] | null,
	limit = 24
): Promise<PeriodProgress[]> {
	const { rows } = await sql<PeriodProgress>`
		with recent as (
			select * from reading_period order by period_month desc limit ${limit}
		), metered as (
			select count(*)::int as total from customer c
			where exists (select 1 from meter m where m.customer_id = c.id and m.status = 'in_service')
				${customerScope(routeIds)}
		)
		select ${periodColumns}, metered.total,
			coalesce(n.read, 0)::int as read, coalesce(n.flagged, 0)::int as flagged,
			coalesce(n.estimated, 0)::int as estimated
		from recent p cross join metered
		left join lateral (
			select count(*) as read,
				count(*) filter (where r.review_status = 'flagged') as flagged,
				count(*) filter (where r.kind <> 'actual') as estimated
			from reading r join customer c on c.id = r.customer_id
			where r.period_id = p.id ${customerScope(routeIds)}
		) n on true
		order by p.period_month desc`.execute(db);
	return rows;
}

export async function findPeriodForUpdate(
	db: Kysely<DB>,
	id: number
): Promise<PeriodRow | undefined> {
	const { rows } = await sql<PeriodRow>`
		select ${periodColumns} from reading_period p where p.id = ${id} for update`.execute(db);
	return rows[0];
}

export async function latestPeriod(db: Kysely<DB>): Promise<PeriodRow | undefined> {
	const { rows } = await sql<PeriodRow>`
		select ${periodColumns} from reading_period p order by p.period_month desc limit 1`.execute(db);
	return rows[0];
}

export async function insertPeriod(db: Kysely<DB>, periodMonth: string): Promise<PeriodRow> {
	const { rows } = await sql<PeriodRow>`
		insert into reading_period as p (period_month, status) values (${periodMonth}::date, 'open')
		returning ${periodColumns}`.execute(db);
	return rows[0];
}

/**
 * Moves the period from one status to the next, stamping the time; undefined when it was
 * not in `from` (the caller words why). Reopening clears closed_at, so the auto-lock delay
 * counts from the next close.
 */
export async function changeStatus(
	db: Kysely<DB>,
	id: number,
	from: PeriodRow['status'],
	to: PeriodRow['status']
): Promise<PeriodRow | undefined> {
	const stamp =
		to === 'closed'
			? sql`closed_at = now()`
			: to === 'locked'
				? sql`locked_at = now()`
				: sql`closed_at = null`;
	const { rows } = await sql<PeriodRow>`
		update reading_period as p set status = ${to}, ${stamp}
		where p.id = ${id} and p.status = ${from}
		returning ${periodColumns}`.execute(db);
	return rows[0];
}

export async function flaggedCount(db: Kysely<DB>, periodId: number): Promise<number> {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from reading
		where period_id = ${periodId} and review_status = 'flagged'`.execute(db);
	return rows[0].n;
}

/** Closed periods whose auto-lock delay (reading_rules.auto_lock_days) has passed. */
export async function periodsDueForLock(
	db: Kysely<DB>,
	now: Date
): Promise<(PeriodRow & { flagged: number })[]> {
	const { rows } = await sql<PeriodRow & { flagged: number }>`
		select ${periodColumns},
			(select count(*)::int from reading r
				where r.period_id = p.id and r.review_status = 'flagged') as flagged
		from reading_period p cross join reading_rules rr
		where p.status = 'closed' and rr.auto_lock_days is not null
			and p.closed_at + make_interval(days => rr.auto_lock_days) <= ${now}
		order by p.period_month`.execute(db);
	return rows;
}

export interface ScheduleRow {
	route_id: number;
	planned_on: string;
	reader_id: number | null;
}

export async function scheduleOf(db: Kysely<DB>, periodId: number): Promise<ScheduleRow[]> {
	const { rows } = await sql<ScheduleRow>`
		select route_id, planned_on::text as planned_on, reader_id
		from reading_schedule where period_id = ${periodId}`.execute(db);
	return rows;
}

/** How many readings of each route were taken on each day of the month (Vietnam time). */
export async function readDaysByRoute(
	db: Kysely<DB>,
	periodId: number
): Promise<{ route_id: number; day: number; n: number }[]> {
	const { rows } = await sql<{ route_id: number; day: number; n: number }>`
		select c.route_id,
			extract(day from r.read_at at time zone 'Asia/Ho_Chi_Minh')::int as day,
			count(*)::int as n
		from reading r join customer c on c.id = r.customer_id
		where r.period_id = ${periodId} and r.read_at is not null and c.route_id is not null
		group by 1, 2`.execute(db);
	return rows;
}

/** Per route, the lowest-id active field staff member scoped to it. */
export async function defaultReaders(
	db: Kysely<DB>
): Promise<{ route_id: number; staff_id: number }[]> {
	const { rows } = await sql<{ route_id: number; staff_id: number }>`
		select distinct on (s.route_id) s.route_id, s.staff_id
		from staff_route_scope s join staff st on st.id = s.staff_id
		where st.active and st.role_code = 'field'
		order by s.route_id, s.staff_id`.execute(db);
	return rows;
}

export async function allRouteIds(db: Kysely<DB>): Promise<number[]> {
	const rows = await db.selectFrom('route').select('id').orderBy('id').execute();
	return rows.map((r) => r.id);
}

export async function insertSchedule(
	db: Kysely<DB>,
	periodId: number,
	rows: ScheduleRow[]
): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insertInto('reading_schedule')
		.values(rows.map((r) => ({ period_id: periodId, ...r })))
		.execute();
}

/** Sets one route's plan (a route created after the period opened gets its first row). */
export async function upsertSchedule(
	db: Kysely<DB>,
	periodId: number,
	row: ScheduleRow
): Promise<ScheduleRow | undefined> {
	const { rows } = await sql<ScheduleRow>`
		insert into reading_schedule (period_id, route_id, planned_on, reader_id)
		values (${periodId}, ${row.route_id}, ${row.planned_on}::date, ${row.reader_id})
		on conflict (period_id, route_id) do update
			set planned_on = excluded.planned_on, reader_id = excluded.reader_id
		returning route_id, planned_on::text as planned_on, reader_id`.execute(db);
	return rows[0];
}

export interface PeriodRouteRow {
	route_id: number;
	code: string;
	name: string;
	planned_on: string | null;
	reader_id: number | null;
	reader_name: string | null;
	/** Customers with a meter in service. */
	total: number;
	read: number;
	flagged: number;
}

/**
 * The routes of a period in the user's scope, with their plan and progress. Two grouped
 * passes (customers with a meter, the period's readings), not one query per route.
 */
export async function periodRoutes(
	db: Kysely<DB>,
	periodId: number,
	routeIds: number[] | null
): Promise<PeriodRouteRow[]> {
	const scope = routeIds ? sql`where r.id = any(${routeIds}::int[])` : sql``;
	const { rows } = await sql<PeriodRouteRow>`
		select r.id as route_id, r.code, r.name, s.planned_on::text as planned_on, s.reader_id,
			st.full_name as reader_name, coalesce(t.total, 0)::int as total,
			coalesce(n.read, 0)::int as read, coalesce(n.flagged, 0)::int as flagged
		from route r
		left join reading_schedule s on s.period_id = ${periodId} and s.route_id = r.id
		left join staff st on st.id = s.reader_id
		left join (
			select c.route_id, count(*) as total from customer c
			where exists (select 1 from meter m where m.customer_id = c.id and m.status = 'in_service')
			group by c.route_id
		) t on t.route_id = r.id
		left join (
			select c.route_id, count(*) as read,
				count(*) filter (where rd.review_status = 'flagged') as flagged
			from reading rd join customer c on c.id = rd.customer_id
			where rd.period_id = ${periodId}
			group by c.route_id
		) n on n.route_id = r.id
		${scope}
		order by r.code`.execute(db);
	return rows;
}

export interface FieldStaff {
	id: number;
	full_name: string;
	username: string;
}

/** Active field staff, who may be planned as readers. */
export async function activeFieldStaff(db: Kysely<DB>): Promise<FieldStaff[]> {
	return db
		.selectFrom('staff')
		.select(['id', 'full_name', 'username'])
		.where('active', '=', true)
		.where('role_code', '=', 'field')
		.orderBy('full_name')
		.orderBy('id')
		.execute();
}

export async function isActiveFieldStaff(db: Kysely<DB>, id: number): Promise<boolean> {
	const row = await db
		.selectFrom('staff')
		.select('id')
		.where('id', '=', id)
		.where('active', '=', true)
		.where('role_code', '=', 'field')
		.executeTakeFirst();
	return row !== undefined;
}

export interface RulesValues {
	tolerance_pct: number;
	tolerance_m3: number;
	max_distance_m: number;
	photo_required: boolean;
	auto_lock_days: number | null;
}

export async function rulesRow(db: Kysely<DB>, lock = false): Promise<RulesValues> {
	const { rows } = await sql<RulesValues>`
		select tolerance_pct::float8 as tolerance_pct, tolerance_m3::float8 as tolerance_m3,
			max_distance_m, photo_required, auto_lock_days
		from reading_rules ${lock ? sql`for update` : sql``}`.execute(db);
	return rows[0];
}

export async function updateRules(
	db: Kysely<DB>,
	values: RulesValues,
	actorId: number
): Promise<void> {
	await db
		.updateTable('reading_rules')
		.set({
			tolerance_pct: String(values.tolerance_pct),
			tolerance_m3: String(values.tolerance_m3),
			max_distance_m: values.max_distance_m,
			photo_required: values.photo_required,
			auto_lock_days: values.auto_lock_days,
			updated_by: actorId,
			updated_at: sql<Date>`now()`
		})
		.execute();
}

export async function routeBrief(
	db: Kysely<DB>,
	id: number
): Promise<{ id: number; code: string; name: string } | undefined> {
	return db
		.selectFrom('route')
		.select(['id', 'code', 'name'])
		.where('id', '=', id)
		.executeTakeFirst();
}
