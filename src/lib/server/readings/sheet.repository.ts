/**
 * The reading sheet: for each connection of a route (or a few customers) in one period,
 * everything entry and checks need in one query: the customer and its meter in service, this
 * period's reading if any, the index the reading starts from, the last 3 actual consumptions,
 * estimates not yet settled, and a meter replaced since the last reading.
 *
 * Per customer the lateral subqueries walk reading_customer_idx (customer_id, period_id), a
 * few rows each, so a route of 1,000 customers costs the same on a 1M-customer register.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export interface SheetRow {
	customer_id: number;
	code: string;
	name: string;
	address: string;
	status: 'active' | 'suspended' | 'cut_off';
	category: string;
	route_id: number | null;
	route_seq: number | null;
	lon: number;
	lat: number;
	meter_id: number | null;
	meter_serial: string | null;
	dial_digits: number | null;
	/** The index this period's reading starts from (m³), null without a meter in service. */
	start_index: number | null;
	/** Last 3 actual consumptions before this period, newest first, m³. */
	history: number[];
	/** Estimated m³ booked since the last actual reading. */
	pending_estimate_m3: number;
	/** A replacement since the last reading, to be counted in this period. */
	replacement_id: number | null;
	replaced_on: string | null;
	old_previous_index: number | null;
	old_final_index: number | null;
	old_dial_digits: number | null;
	new_initial_index: number | null;
	/** This period's reading, when entered. */
	reading_id: number | null;
	previous_index: number | null;
	current_index: number | null;
	consumption_m3: number | null;
	kind: 'actual' | 'estimated' | 'no_access' | null;
	flags: string[];
	review_status: string | null;
	note_code: string | null;
	source: string | null;
	read_at: Date | null;
	reader_id: number | null;
	distance_m: number | null;
	credit_m3: number | null;
	photo_count: number;
}

export type SheetFilter =
	| { routeId: number; customerIds?: undefined }
	| { routeId?: undefined; customerIds: readonly number[] };

const num = (expr: ReturnType<typeof sql>) => sql<number>`(${expr})::float8`;

/** Rows in route order (route_seq); customers outside any route come last, by code. */
export async function sheetRows(
	db: Kysely<DB>,
	periodId: number,
	filter: SheetFilter,
	options: { forUpdate?: boolean } = {}
): Promise<SheetRow[]> {
	const where =
		filter.routeId !== undefined
			? sql`c.route_id = ${filter.routeId}`
			: sql`c.id = any(${filter.customerIds as number[]}::int[])`;
	const { rows } = await sql<SheetRow>`
		with period as (select id, period_month from reading_period where id = ${periodId})
		select c.id as customer_id, c.code, c.name, c.address, c.status, c.category, c.route_id, c.route_seq,
			ST_X(c.geom) as lon, ST_Y(c.geom) as lat,
			m.id as meter_id, m.serial as meter_serial, m.dial_digits,
			${num(sql`case when m.id is null then null
				when rep.id is not null then rep.new_initial_index
				else coalesce(prev.current_index, m.initial_index, 0) end`)} as start_index,
			coalesce(hist.values, '{}') as history,
			${num(sql`coalesce(est.m3, 0)`)} as pending_estimate_m3,
			rep.id as replacement_id, rep.replaced_on::text as replaced_on,
			${num(sql`case when rep.id is not null then prev.current_index end`)} as old_previous_index,
			${num(sql`rep.old_final_index`)} as old_final_index,
			rep.old_dial_digits,
			${num(sql`rep.new_initial_index`)} as new_initial_index,
			cur.id::int as reading_id,
			${num(sql`cur.previous_index`)} as previous_index,
			${num(sql`cur.current_index`)} as current_index,
			${num(sql`cur.consumption_m3`)} as consumption_m3,
			cur.kind, coalesce(cur.flags, '{}') as flags, cur.review_status, cur.note_code, cur.source,
			cur.read_at, cur.reader_id,
			${num(sql`cur.distance_m`)} as distance_m,
			${num(sql`cur.credit_m3`)} as credit_m3,
			coalesce(photos.n, 0)::int as photo_count
		from customer c
		cross join period p
		left join meter m on m.customer_id = c.id and m.status = 'in_service'
		left join reading cur on cur.period_id = p.id and cur.customer_id = c.id
		left join lateral (
			select r.current_index, r.meter_id, r.read_at
			from reading r join reading_period rp on rp.id = r.period_id
			where r.customer_id = c.id and rp.period_month < p.period_month and r.current_index is not null
			order by rp.period_month desc limit 1
		) prev on true
		left join lateral (
			select array_agg(x.consumption_m3::float8 order by x.period_month desc) as values
			from (
				select r.consumption_m3, rp.period_month
				from reading r join reading_period rp on rp.id = r.period_id
				where r.customer_id = c.id and rp.period_month < p.period_month and r.kind = 'actual'
				order by rp.period_month desc limit 3
			) x
		) hist on true
		left join lateral (
			select sum(r.consumption_m3) as m3
			from reading r join reading_period rp on rp.id = r.period_id
			where r.customer_id = c.id and rp.period_month < p.period_month and r.kind = 'estimated'
				and rp.period_month > coalesce((
					select max(rp2.period_month) from reading r2 join reading_period rp2 on rp2.id = r2.period_id
					where r2.customer_id = c.id and rp2.period_month < p.period_month and r2.kind = 'actual'
				), '-infinity'::date)
		) est on true
		-- The previous reading was on another meter: the replacement that put this one in.
		left join lateral (
			select mr.id, mr.replaced_on, mr.old_final_index, mr.new_initial_index, om.dial_digits as old_dial_digits
			from meter_replacement mr join meter om on om.id = mr.old_meter_id
			where mr.customer_id = c.id and mr.new_meter_id = m.id and prev.meter_id is not null
				and prev.meter_id <> m.id
			order by mr.replaced_on desc, mr.id desc limit 1
		) rep on true
		left join lateral (
			select count(*) as n from attachment a where a.entity = 'reading' and a.entity_id = cur.id
		) photos on cur.id is not null
		where ${where}
		order by c.route_id nulls last, c.route_seq nulls last, c.code
		${options.forUpdate ? sql`for update of c` : sql``}`.execute(db);
	return rows;
}
