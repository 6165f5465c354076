/**
 * Where field staff are: the position history (staff_position, partitioned by UTC day, integer
 * microdegrees) and the one-row-per-person live table (staff_live). Partition DDL is here too.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { partitionDay, partitionName } from '../../domain/tracking/days.ts';
import type { DB } from '../db/types.gen.ts';

export interface PositionRow {
	staffId: number;
	at: Date;
	lon: number;
	lat: number;
	accuracyM: number | null;
	speedKmh: number | null;
}

const e6 = (degrees: number) => Math.round(degrees * 1e6);
const small = (n: number | null) => (n === null ? null : Math.min(32_767, Math.round(n)));

/**
 * Stores many positions with one statement: the columns travel as six arrays and are
 * unnested on the server. The same statement moves each person's staff_live row to their
 * newest position, unless it already holds a newer one (a late offline batch).
 */
export async function insertPositions(db: Kysely<DB>, rows: PositionRow[]): Promise<void> {
	if (rows.length === 0) return;
	const staff = rows.map((r) => r.staffId);
	const at = rows.map((r) => r.at.toISOString());
	const lon = rows.map((r) => e6(r.lon));
	const lat = rows.map((r) => e6(r.lat));
	const acc = rows.map((r) => small(r.accuracyM));
	const speed = rows.map((r) => small(r.speedKmh));
	await sql`
		with p as (
			select * from unnest(${staff}::int4[], ${at}::timestamptz[], ${lon}::int4[],
				${lat}::int4[], ${acc}::int2[], ${speed}::int2[])
				as u(staff_id, recorded_at, lon_e6, lat_e6, accuracy_m, speed_kmh)
		), stored as (
			insert into staff_position (staff_id, recorded_at, lon_e6, lat_e6, accuracy_m, speed_kmh)
			select * from p
		)
		insert into staff_live (staff_id, geom, accuracy_m, recorded_at)
		select distinct on (staff_id) staff_id,
			ST_SetSRID(ST_MakePoint(lon_e6 / 1e6, lat_e6 / 1e6), 4326), accuracy_m, recorded_at
		from p order by staff_id, recorded_at desc
		on conflict (staff_id) do update
			set geom = excluded.geom, accuracy_m = excluded.accuracy_m,
				recorded_at = excluded.recorded_at
			where staff_live.recorded_at is null or staff_live.recorded_at < excluded.recorded_at`.execute(db);
}

/** Returns whether the person was on duty before. */
export async function setOnDuty(
	db: Kysely<DB>,
	staffId: number,
	onDuty: boolean
): Promise<{ before: boolean }> {
	const before = await db
		.selectFrom('staff_live')
		.select('on_duty')
		.where('staff_id', '=', staffId)
		.forUpdate()
		.executeTakeFirst();
	await db
		.insertInto('staff_live')
		.values({ staff_id: staffId, on_duty: onDuty, duty_since: onDuty ? new Date() : null })
		.onConflict((oc) =>
			oc.column('staff_id').doUpdateSet({
				on_duty: onDuty,
				// Keeps the start of a shift when the device repeats "on duty" after a reconnect.
				duty_since: onDuty
					? sql`case when staff_live.on_duty then staff_live.duty_since else now() end`
					: null
			})
		)
		.execute();
	return { before: before?.on_duty ?? false };
}

export interface LiveRow {
	staffId: number;
	name: string;
	role: string;
	lon: number | null;
	lat: number | null;
	accuracyM: number | null;
	recordedAt: Date | null;
	dutySince: Date | null;
}

/** Limits staff to those sharing a route with a route-scoped viewer (null: everyone). */
const sharingRoutes = (routeIds: number[] | null, staffId: RawBuilder<unknown>) =>
	routeIds
		? sql`and exists (select 1 from staff_route_scope rs
				where rs.staff_id = ${staffId} and rs.route_id = any(${routeIds}::int[]))`
		: sql``;

/** Everyone on duty with their last position (2,000 rows at most: one per field person). */
export async function listOnDuty(db: Kysely<DB>, routeIds: number[] | null): Promise<LiveRow[]> {
	const { rows } = await sql<LiveRow>`
		select l.staff_id as "staffId", s.full_name as name, s.role_code as role,
			ST_X(l.geom) as lon, ST_Y(l.geom) as lat, l.accuracy_m as "accuracyM",
			l.recorded_at as "recordedAt", l.duty_since as "dutySince"
		from staff_live l join staff s on s.id = l.staff_id
		where l.on_duty and s.active ${sharingRoutes(routeIds, sql.ref('l.staff_id'))}
		order by s.full_name, l.staff_id`.execute(db);
	return rows;
}

/** The person's name, or undefined when unknown or outside a route-scoped viewer's routes. */
export async function findStaffName(db: Kysely<DB>, staffId: number, routeIds: number[] | null) {
	const { rows } = await sql<{ name: string }>`
		select s.full_name as name from staff s
		where s.id = ${staffId} ${sharingRoutes(routeIds, sql.ref('s.id'))}`.execute(db);
	return rows[0];
}

export interface TrailRow {
	at: Date;
	lon: number;
	lat: number;
	accuracyM: number | null;
	speedKmh: number | null;
}

/** One person's positions in [from, to), oldest first (the partition key bounds the scan). */
export async function trailBetween(
	db: Kysely<DB>,
	staffId: number,
	from: Date,
	to: Date
): Promise<TrailRow[]> {
	const { rows } = await sql<TrailRow>`
		select recorded_at as at, lon_e6 / 1e6 as lon, lat_e6 / 1e6 as lat,
			accuracy_m as "accuracyM", speed_kmh as "speedKmh"
		from staff_position
		where staff_id = ${staffId} and recorded_at >= ${from} and recorded_at < ${to}
		order by recorded_at`.execute(db);
	return rows.map((r) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat) }));
}

// ---- partitions -------------------------------------------------------------------------

/** Serialises partition maintenance across app and worker processes (held to commit). */
export async function lockPartitionMaintenance(db: Kysely<DB>): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext('waterline:staff_position:partitions'))`.execute(
		db
	);
}

/** UTC days that have a partition of their own. */
export async function listDayPartitions(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
		where i.inhparent = 'staff_position'::regclass`.execute(db);
	return rows
		.map((r) => partitionDay(r.name))
		.filter((d): d is string => d !== null)
		.sort();
}

const dayStart = (day: string) => `${day} 00:00:00+00`;

/**
 * Creates the partition of one UTC day. Rows of that day already in the default partition
 * (written before the partition existed) would make a plain CREATE … PARTITION OF fail, so
 * the table is created detached, those rows are moved into it and then it is attached. The
 * default partition is locked first so no insert lands there in between; inserts wait for
 * this transaction (milliseconds). Returns the number of rows moved.
 */
export async function createDayPartition(
	db: Kysely<DB>,
	day: string,
	nextDay: string
): Promise<number> {
	const table = sql.id(partitionName(day));
	await sql`lock table staff_position_default in access exclusive mode`.execute(db);
	await sql`create table ${table} (like staff_position including defaults including constraints)`.execute(
		db
	);
	const moved = await sql`
		with moved as (
			delete from staff_position_default
			where recorded_at >= ${dayStart(day)}::timestamptz and recorded_at < ${dayStart(nextDay)}::timestamptz
			returning *
		)
		insert into ${table} select * from moved`.execute(db);
	await sql`alter table staff_position attach partition ${table}
		for values from (${sql.lit(dayStart(day))}) to (${sql.lit(dayStart(nextDay))})`.execute(db);
	return Number(moved.numAffectedRows ?? 0);
}

/** Drops a day's partition: every position of that UTC day goes at once, with no row scan. */
export async function dropDayPartition(db: Kysely<DB>, day: string): Promise<void> {
	await sql`drop table ${sql.id(partitionName(day))}`.execute(db);
}

/** Deletes expired rows left in the default partition; returns how many. */
export async function deleteDefaultBefore(db: Kysely<DB>, day: string): Promise<number> {
	const result = await sql`
		delete from staff_position_default where recorded_at < ${dayStart(day)}::timestamptz`.execute(db);
	return Number(result.numAffectedRows ?? 0);
}
