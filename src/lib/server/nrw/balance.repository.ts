/**
 * What the water balance of a month reads and writes, in set-based statements over all zones
 * at once (one pass over three periods of readings on a million customers).
 *
 * Proration: customers are read on their route's day, not on the master meters' month
 * boundary. A reading's consumption covers the days since the customer's previous reading
 * that booked m³ (actual or estimated) up to its own read date, and is spread evenly over
 * them (calendar dates in Việt Nam). Month M receives the part of the reading of period M that falls in M and the part
 * of the reading of period M + 1 that falls in M. When the period M + 1 reading has no m³ yet
 * (not read, or no access), the days of M after the period M reading are extrapolated at that
 * reading's daily rate and reported as such. A previous reading that is missing is assumed 30
 * days back (61 when it was a no-access visit, whose m³ the next reading carries).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

/** A previous reading that is missing is assumed this many days back (a no-access visit: two). */
const ONE_PERIOD_DAYS = 30;
const TWO_PERIODS_DAYS = 61;

/** 'YYYY-MM-01' n months later. */
function addMonths(month: string, n: number): string {
	const [y, m] = month.split('-').map(Number);
	const d = new Date(Date.UTC(y, m - 1 + n, 1));
	return d.toISOString().slice(0, 10);
}

/** A reading without a time (typed in from paper) counts as read mid-period: day 15. */
const midMonth = (month: string) => `${month.slice(0, 8)}15`;

export interface CustomerVolumes {
	zone_id: number;
	/** Active customers: the service connections of UARL. */
	connections: number;
	/** Active customers plus any other customer read in the month's period. */
	expected: number;
	actual: number;
	estimated: number;
	no_access: number;
	/** Customer consumption prorated onto the calendar month, m³. */
	metered_m3: number;
	/** Of which extrapolated past the last reading, m³. */
	extrapolated_m3: number;
}

export interface MonthPeriods {
	previous: number | null;
	current: number | null;
	next: number | null;
}

/** The reading periods of M − 1, M and M + 1 (null where the utility has none). */
export async function periodsAround(db: Db, month: string): Promise<MonthPeriods> {
	const { rows } = await sql<{ k: number; id: number }>`
		select k, p.id from (values (-1), (0), (1)) v(k)
		join reading_period p on p.period_month = (${month}::date + k * interval '1 month')::date`.execute(
		db
	);
	const id = (k: number) => rows.find((r) => r.k === k)?.id ?? null;
	return { previous: id(-1), current: id(0), next: id(1) };
}

export async function customerVolumes(
	db: Db,
	month: string,
	periods: MonthPeriods
): Promise<CustomerVolumes[]> {
	const first = sql`${month}::date`;
	const next = sql`${addMonths(month, 1)}::date`;
	// The calendar date in Việt Nam: UTC+7 all year (no daylight saving since 1975), so a fixed
	// offset, three times cheaper per row than the Asia/Ho_Chi_Minh rules.
	const local = (r: string, fallback: string) =>
		sql`coalesce((${sql.ref(r)}.read_at at time zone interval '+07:00')::date, ${fallback}::date)`;
	const booked = (r: string) =>
		sql`case when ${sql.ref(r)}.kind <> 'no_access'
			then greatest(${sql.ref(r)}.consumption_m3 - ${sql.ref(r)}.credit_m3, 0)::float8 end`;
	// Days of [s, e) inside the month.
	const daysIn = (s: string, e: string) =>
		sql`greatest(0, least(${sql.ref(e)}, ${next}) - greatest(${sql.ref(s)}, ${first}))`;
	// Days of the month after the period M reading, when no later reading has m³ yet.
	const tailDays = sql`case when open_tail then greatest(0, ${next} - greatest(e1, ${first})) else 0 end`;
	// Dates are date values (days) and month bounds constants: no intervals and no numeric
	// arithmetic per row, and a plan PostgreSQL runs in parallel. The planner inlines these
	// CTEs, repeating an expression wherever it is referenced, so each m³ appears once or twice:
	// a reading's share of the month is one factor (f1, f2) applied to it.
	const { rows } = await sql<CustomerVolumes>`
		with r as (
			select c.zone_id, c.status, r0.kind as k0, r1.kind as k1,
				${local('r0', midMonth(addMonths(month, -1)))} as d0,
				${local('r1', midMonth(month))} as e1,
				${local('r2', midMonth(addMonths(month, 1)))} as e2,
				${booked('r1')} as q1, ${booked('r2')} as q2,
				(r2.kind is null or r2.kind = 'no_access') as open_tail
			from customer c
			left join reading r0 on r0.customer_id = c.id and r0.period_id = ${periods.previous ?? -1}
			left join reading r1 on r1.customer_id = c.id and r1.period_id = ${periods.current ?? -1}
			left join reading r2 on r2.customer_id = c.id and r2.period_id = ${periods.next ?? -1}
			where c.zone_id is not null and (c.status = 'active' or r1.kind is not null or r2.kind is not null)
		), i as (
			select r.*,
				case when k0 in ('actual', 'estimated') then d0
					else e1 - case when k0 = 'no_access' then ${TWO_PERIODS_DAYS}::int
						else ${ONE_PERIOD_DAYS}::int end end as s1,
				case when k1 in ('actual', 'estimated') then e1 when k0 in ('actual', 'estimated') then d0
					else e2 - ${TWO_PERIODS_DAYS}::int end as s2
			from r
		), j as (
			select zone_id, status, k1, q1, q2,
				(${daysIn('s1', 'e1')} + ${tailDays})::float8 / greatest(e1 - s1, 1) as f1,
				${tailDays}::float8 / greatest(e1 - s1, 1) as t1,
				${daysIn('s2', 'e2')}::float8 / greatest(e2 - s2, 1) as f2
			from i
		)
		select zone_id,
			(count(*) filter (where status = 'active'))::int as connections,
			count(*)::int as expected,
			(count(*) filter (where k1 = 'actual'))::int as actual,
			(count(*) filter (where k1 = 'estimated'))::int as estimated,
			(count(*) filter (where k1 = 'no_access'))::int as no_access,
			coalesce(sum(q1 * f1), 0) + coalesce(sum(q2 * f2), 0) as metered_m3,
			coalesce(sum(q1 * t1), 0) as extrapolated_m3
		from j
		group by zone_id`.execute(db);
	return rows;
}

export interface MasterMeterVolume {
	zone_id: number;
	master_meter_id: number;
	serial: string;
	direction: 'in' | 'out';
	/** m³ through the meter in the month; null = no volume recorded (a gap). */
	volume_m3: number | null;
}

/** Every master meter installed before the month ends, with its volume of the month. */
export async function masterMeterVolumes(db: Db, month: string): Promise<MasterMeterVolume[]> {
	const { rows } = await sql<MasterMeterVolume>`
		select mm.zone_id, mm.id as master_meter_id, mm.serial, mm.direction,
			v.volume_m3::float8 as volume_m3
		from master_meter mm
		left join master_meter_volume v on v.master_meter_id = mm.id and v.period_month = ${month}::date
		where mm.installed_on is null or mm.installed_on < (${month}::date + interval '1 month')
		order by mm.zone_id, mm.serial`.execute(db);
	return rows;
}

export interface ZoneSettingsRow {
	zone_id: number;
	code: string;
	mains_length_km: number | null;
	service_length_km: number | null;
	avg_pressure_m: number | null;
	billed_unmetered_m3: number;
	unbilled_metered_m3: number;
	unbilled_unmetered_rate: number;
	meter_under_registration: number;
	unauthorized_rate: number;
}

/** Every zone with its settings; a zone never configured gets the column defaults. */
export async function zoneSettings(db: Db): Promise<ZoneSettingsRow[]> {
	const { rows } = await sql<ZoneSettingsRow>`
		select z.id as zone_id, z.code,
			s.mains_length_km::float8 as mains_length_km,
			s.service_length_km::float8 as service_length_km,
			s.avg_pressure_m::float8 as avg_pressure_m,
			coalesce(s.billed_unmetered_m3, 0)::float8 as billed_unmetered_m3,
			coalesce(s.unbilled_metered_m3, 0)::float8 as unbilled_metered_m3,
			coalesce(s.unbilled_unmetered_rate, 0.0125)::float8 as unbilled_unmetered_rate,
			coalesce(s.meter_under_registration, 0.02)::float8 as meter_under_registration,
			coalesce(s.unauthorized_rate, 0.0025)::float8 as unauthorized_rate
		from zone z left join zone_nrw_settings s on s.zone_id = z.id
		order by z.id`.execute(db);
	return rows;
}

export interface StoredBalance {
	zoneId: number;
	complete: boolean;
	reasons: unknown[];
	input: unknown;
	result: unknown;
	quality: unknown;
	qualityScore: number;
}

/** Replaces the month's balances with these, for every zone (one statement). */
export async function saveMonth(db: Db, month: string, rows: StoredBalance[]): Promise<void> {
	await sql`delete from nrw_balance where period_month = ${month}::date`.execute(db);
	if (rows.length === 0) return;
	await sql`
		insert into nrw_balance (zone_id, period_month, complete, reasons, input, result, quality,
			quality_score)
		select x.zone_id, ${month}::date, x.complete, x.reasons, x.input, x.result, x.quality,
			x.quality_score
		from jsonb_to_recordset(${JSON.stringify(
			rows.map((r) => ({
				zone_id: r.zoneId,
				complete: r.complete,
				reasons: r.reasons,
				input: r.input,
				result: r.result,
				quality: r.quality,
				quality_score: r.qualityScore
			}))
		)}::text::jsonb) as x(zone_id integer, complete boolean, reasons jsonb, input jsonb,
			result jsonb, quality jsonb, quality_score numeric)`.execute(db);
}

/** Months marked out of date, oldest first, with the newest mark each has. */
export async function dirtyMonths(db: Db): Promise<{ month: string; last_id: string }[]> {
	const { rows } = await sql<{ month: string; last_id: string }>`
		select period_month::text as month, max(id)::text as last_id from nrw_dirty
		group by period_month order by period_month`.execute(db);
	return rows;
}

/** Clears the marks of a month this transaction's snapshot saw; later ones stay. */
export async function clearDirty(db: Db, month: string): Promise<void> {
	await sql`delete from nrw_dirty where period_month = ${month}::date`.execute(db);
}

/**
 * For the month's statement: hash joins over three periods of a million readings fit in
 * memory instead of spilling, and JIT compiling it costs more (1.4 s measured at 1M) than it
 * saves.
 */
export async function tuneForBalance(trx: Db): Promise<void> {
	await sql`set local work_mem = '128MB'`.execute(trx);
	await sql`set local jit = off`.execute(trx);
}

/** Runs `work` holding the month's advisory lock on this connection: one writer per month. */
export async function withMonthLock<T>(
	conn: Db,
	month: string,
	work: () => Promise<T>
): Promise<T> {
	await sql`select pg_advisory_lock(hashtext('waterline.nrw'), hashtext(${month}))`.execute(conn);
	try {
		return await work();
	} finally {
		await sql`select pg_advisory_unlock(hashtext('waterline.nrw'), hashtext(${month}))`.execute(
			conn
		);
	}
}

/** Every month the utility has data for: master-meter volumes or a reading period. */
export async function knownMonths(db: Db): Promise<string[]> {
	const { rows } = await sql<{ month: string }>`
		select period_month::text as month from reading_period
		union select distinct period_month::text from master_meter_volume
		order by 1`.execute(db);
	return rows.map((r) => r.month);
}

export async function markMonths(db: Db, months: string[]): Promise<void> {
	await sql`select nrw_mark(${sql.val(months)}::date[])`.execute(db);
}

export async function anyBalanceStored(db: Db): Promise<boolean> {
	const { rows } = await sql<{ any: boolean }>`
		select exists (select 1 from nrw_balance) as any`.execute(db);
	return rows[0].any;
}
