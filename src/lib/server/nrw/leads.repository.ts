/**
 * NRW leads from the database: one set-based pass over a zone's customers that reads each
 * one's last periods of readings through reading_customer_idx (customer_id, period_id) and
 * keeps the candidates: customers whose history passes a looser SQL form of a rule (the
 * domain rules in src/lib/domain/nrw-leads decide exactly) and the overdue meters with the
 * most use. For a 50k-customer zone that is 50k index probes, never a scan of `reading`.
 */
import { sql } from 'kysely';
import { openStatuses } from '../../domain/work-orders/workflow.ts';
import {
	DROP_MIN_MEAN_M3,
	DROP_SHARE,
	FLAT_LARGE_TOP_SHARE
} from '../../domain/nrw-leads/rules.ts';
import type { Database } from '../db/connection.ts';

export interface ZoneRow {
	id: number;
	code: string;
	name: string;
}

export async function findZone(db: Database, id: number): Promise<ZoneRow | undefined> {
	return db
		.selectFrom('zone')
		.select(['id', 'code', 'name'])
		.where('id', '=', id)
		.executeTakeFirst();
}

/** The newest `n` reading periods up to `month`, newest first. */
export async function periodsUpTo(db: Database, month: string, n: number) {
	const { rows } = await sql<{ id: number; month: string }>`
		select id, period_month::text as month from reading_period
		where period_month <= ${month}::date order by period_month desc limit ${n}`.execute(db);
	return rows;
}

/** The newest period already read (not open), else the newest period: a fallback month. */
export async function newestReadMonth(db: Database): Promise<string | null> {
	const { rows } = await sql<{ month: string }>`
		select period_month::text as month from reading_period
		order by (status <> 'open') desc, period_month desc limit 1`.execute(db);
	return rows[0]?.month ?? null;
}

export interface CandidateRow {
	id: number;
	code: string;
	name: string;
	address: string;
	category: string;
	status: string;
	serial: string | null;
	due_on: string | null;
	/** Per reading, newest period first: its period, m³ (null or NaN: no access) and kind. */
	period_ids: number[];
	m3: (number | null)[];
	kinds: string[];
	/** Overdue meters in the zone, however many (only the top `cap` are returned). */
	overdue_total: number;
	/** The zone's top-share threshold of mean use and the categories' mean actual use, m³. */
	top_share: number | null;
	category_means: Record<string, number> | null;
	open_order_id: number | null;
	open_order_number: string | null;
}

export interface CandidateQuery {
	zoneId: number;
	/** Newest first. */
	periodIds: number[];
	/** First day of the month after the reference month: due before it is overdue. */
	overdueBefore: string;
	/** Overdue meters returned (the rest are counted). */
	cap: number;
	/** Only this customer (the zone's statistics still cover the whole zone). */
	customerId?: number;
}

export async function candidates(db: Database, q: CandidateQuery): Promise<CandidateRow[]> {
	const only = q.customerId ?? null;
	const { rows } = await sql<CandidateRow>`
	with h as materialized (
		select c.id, c.status, c.category, m.serial, m.verification_due_on::text as due_on,
			x.period_ids, x.m3, x.kinds, x.actual, x.actual_mean, x.mean,
			m.verification_due_on < ${q.overdueBefore}::date as overdue
		from customer c
		-- limit 1 keeps these laterals per customer (index probes), never a scan of meter.
		left join lateral (
			select serial, verification_due_on from meter
			where customer_id = c.id and status = 'in_service' limit 1
		) m on true
		cross join lateral (
			select array_agg(s.period_id) as period_ids, array_agg(s.m3) as m3,
				array_agg(s.kind) as kinds,
				array_agg(s.m3) filter (where s.kind = 'actual') as actual,
				avg(s.m3) filter (where s.kind = 'actual') as actual_mean, avg(s.m3) as mean
			-- One sort per customer: its readings in the given periods, newest period first.
			from (
				select r.period_id, r.consumption_m3::float8 as m3, r.kind from reading r
				where r.customer_id = c.id and r.period_id = any(${q.periodIds}::int[])
				order by array_position(${q.periodIds}::int[], r.period_id)
			) s
		) x
		where c.zone_id = ${q.zoneId}
	),
	stats as (
		select
			percentile_cont(${1 - FLAT_LARGE_TOP_SHARE}::float8) within group (order by mean)
				filter (where status = 'active') as top_share,
			(select jsonb_object_agg(category, m) from (
				select category, avg(actual_mean) as m from h
				where status = 'active' and actual_mean > 0 group by category) s) as category_means
		from h
	),
	ranked as (
		select h.*, array_remove(h.m3, null) as figures,
			count(*) filter (where overdue) over () as overdue_total,
			row_number() over (partition by overdue order by coalesce(actual_mean, mean, 0) desc, id)
				as overdue_rank
		from h
	)
	select r.id, c.code, c.name, c.address, r.category, r.status, r.serial, r.due_on,
		coalesce(r.period_ids, '{}') as period_ids, coalesce(r.m3, '{}') as m3,
		coalesce(r.kinds, '{}') as kinds, r.overdue_total::int as overdue_total,
		s.top_share, s.category_means,
		o.id::int as open_order_id, o.number as open_order_number
	from ranked r
	join customer c on c.id = r.id
	cross join stats s
	left join lateral (
		select w.id, w.number from work_order w
		where w.customer_id = r.id and w.type = 'inspection' and w.status = any(${openStatuses}::text[])
		order by w.id desc limit 1
	) o on true
	where (${only}::int is null or r.id = ${only}::int) and (
		(r.status = 'active' and (
			-- zero: the latest two actual readings are 0 (ZERO_MIN_RUN)
			(r.actual[1] = 0 and r.actual[2] = 0)
			-- drop: the latest actual below the share of the previous maximum
			or (cardinality(r.actual) >= 4
				and (select max(v) from unnest(r.actual[2:]) v) >= ${DROP_MIN_MEAN_M3}
				and r.actual[1] < ${DROP_SHARE} * (select max(v) from unnest(r.actual[2:]) v))
			-- flat: the latest three figures are the same, above 0 (FLAT_MIN_RUN)
			or (r.figures[1] > 0 and r.figures[1] = r.figures[2] and r.figures[2] = r.figures[3])))
		or (r.overdue and (r.overdue_rank <= ${q.cap} or ${only}::int is not null)))`.execute(db);
	return rows;
}

// ---- the inspection order ------------------------------------------------------------------

/** Locks the customer row: two clicks at once wait here, and the second sees the first order. */
export async function lockCustomer(db: Database, id: number): Promise<void> {
	await sql`select id from customer where id = ${id} for update`.execute(db);
}

export async function openInspection(db: Database, customerId: number) {
	const row = await db
		.selectFrom('work_order')
		.select(['id', 'number'])
		.where('customer_id', '=', customerId)
		.where('type', '=', 'inspection')
		.where('status', 'in', [...openStatuses])
		.orderBy('id', 'desc')
		.executeTakeFirst();
	return row && { id: Number(row.id), number: row.number };
}

export async function setNrwLead(db: Database, orderId: number, kind: string): Promise<void> {
	await db
		.updateTable('work_order')
		.set({ nrw_lead: kind })
		.where('id', '=', String(orderId))
		.execute();
}

export async function orderNumber(db: Database, orderId: number): Promise<string> {
	const row = await db
		.selectFrom('work_order')
		.select('number')
		.where('id', '=', String(orderId))
		.executeTakeFirstOrThrow();
	return row.number;
}
