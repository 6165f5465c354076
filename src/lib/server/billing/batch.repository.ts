/**
 * SQL of one route job's batches: claim the route (row lock), read the next customers after
 * the cursor with everything their bill needs, and write the batch (replace drafts, insert
 * bills and skips, move the cursor) in the caller's transaction. Volumes m³, money VND.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface RouteClaim {
	run_id: number;
	route_id: number;
	period_id: number;
	period_month: string;
	previous_period_id: number | null;
	mode: 'final' | 'trial';
	customer_id: number | null;
	status: string;
	cursor_customer_id: number;
}

/**
 * A batch lost in a database crash is redone from the cursor committed with it, so its commit
 * need not wait for the WAL flush (a run commits thousands of small batches).
 */
export async function commitWithoutFlushWait(trx: Db): Promise<void> {
	await sql`set local synchronous_commit = off`.execute(trx);
}

/** Locks the run's route row until the transaction ends: one batch writer per route. */
export async function claimRoute(
	trx: Db,
	runId: number,
	routeId: number
): Promise<RouteClaim | undefined> {
	const { rows } = await sql<RouteClaim>`
		select rr.run_id, rr.route_id, r.period_id, p.period_month::text as period_month,
			(select pp.id from reading_period pp
				where pp.period_month = (p.period_month - interval '1 month')::date) as previous_period_id,
			r.mode, r.customer_id, rr.status, rr.cursor_customer_id
		from billing_run_route rr
		join billing_run r on r.id = rr.run_id
		join reading_period p on p.id = r.period_id
		where rr.run_id = ${runId} and rr.route_id = ${routeId}
		for update of rr`.execute(trx);
	return rows[0];
}

export interface BatchCustomer {
	id: number;
	category: string;
	households: number;
	persons: number;
	reading_id: number | null;
	kind: string | null;
	consumption_m3: string | null;
	credit_m3: string | null;
	previous_index: string | null;
	current_index: string | null;
	read_on: string | null;
	previous_read_on: string | null;
	back_m3: string | null;
	debt_vnd: string;
	issued: boolean;
}

/** The next `limit` customers of the route after the cursor, in id order. */
export async function nextCustomers(
	trx: Db,
	claim: RouteClaim,
	limit: number
): Promise<BatchCustomer[]> {
	const { rows } = await sql<BatchCustomer>`
		select c.id, c.category, c.households, c.persons,
			rd.id as reading_id, rd.kind, rd.consumption_m3, rd.credit_m3,
			rd.previous_index, rd.current_index,
			(rd.read_at at time zone 'Asia/Ho_Chi_Minh')::date::text as read_on,
			(select (pr.read_at at time zone 'Asia/Ho_Chi_Minh')::date::text from reading pr
				where pr.period_id = ${claim.previous_period_id} and pr.customer_id = c.id) as previous_read_on,
			(select sum(b.volume_m3) from back_billing b
				where b.customer_id = c.id and b.period_id = ${claim.period_id}) as back_m3,
			(select coalesce(sum(i.total_vnd - i.paid_vnd), 0) from invoice i
				where i.customer_id = c.id and i.status = 'issued' and i.period_id <> ${claim.period_id}) as debt_vnd,
			iss.issued is not null as issued
		from customer c
		left join reading rd on rd.period_id = ${claim.period_id} and rd.customer_id = c.id
		-- A lateral probe per customer: as an EXISTS the planner may hash every bill of the
		-- period instead (a scan of a million drafts for each batch).
		left join lateral (select true as issued from invoice i
			where i.customer_id = c.id and i.period_id = ${claim.period_id}
				and i.kind = 'regular' and i.status in ('issued', 'paid') limit 1) iss on true
		where c.route_id = ${claim.route_id} and c.id > ${claim.cursor_customer_id}
			${claim.customer_id === null ? sql`` : sql`and c.id = ${claim.customer_id}`}
		order by c.id
		limit ${limit}`.execute(trx);
	return rows;
}

export interface DraftInvoice {
	customer_id: number;
	reading_id: number | null;
	category_code: string;
	households: number;
	persons: number;
	from_date: string;
	to_date: string;
	previous_index: string | null;
	current_index: string | null;
	consumption_m3: number;
	credit_m3: number;
	back_billed_m3: number;
	water_amount_vnd: number;
	vat_vnd: number;
	env_fee_vnd: number;
	drainage_vnd: number;
	drainage_vat_vnd: number;
	total_vnd: number;
	lines: unknown;
	/** Row ids of the schedules the bill used, oldest first. */
	schedule_ids: number[];
	previous_debt_vnd: number;
}

export interface Skip {
	customer_id: number;
	reason: 'no_category' | 'no_reading' | 'no_schedule' | 'issued';
	detail: string;
}

/**
 * Writes one batch: drafts of these customers for the period are replaced (a rerun never
 * duplicates), issued bills are never touched, and the cursor moves past the batch.
 */
export async function writeBatch(
	trx: Db,
	claim: RouteClaim,
	batch: { customerIds: number[]; drafts: DraftInvoice[]; skips: Skip[]; lastId: number }
): Promise<void> {
	await sql`delete from invoice where period_id = ${claim.period_id} and status = 'draft'
		and customer_id = any(${batch.customerIds}::int[])`.execute(trx);
	if (batch.drafts.length)
		await sql`
			insert into invoice (customer_id, period_id, reading_id, run_id, trial, route_id, status,
				category_code, households, persons, from_date, to_date, previous_index, current_index,
				consumption_m3, credit_m3, back_billed_m3, water_amount_vnd, vat_vnd, env_fee_vnd,
				drainage_vnd, drainage_vat_vnd, total_vnd, lines, schedule_ids, previous_debt_vnd,
				tariff_schedule_id)
			select x.customer_id, ${claim.period_id}, x.reading_id, ${claim.run_id},
				${claim.mode === 'trial'}, ${claim.route_id}, 'draft', x.category_code, x.households,
				x.persons, x.from_date, x.to_date, x.previous_index, x.current_index, x.consumption_m3,
				x.credit_m3, x.back_billed_m3, x.water_amount_vnd, x.vat_vnd, x.env_fee_vnd,
				x.drainage_vnd, x.drainage_vat_vnd, x.total_vnd, x.lines, x.schedule_ids,
				x.previous_debt_vnd, x.schedule_ids[array_upper(x.schedule_ids, 1)]
			from jsonb_to_recordset(${JSON.stringify(batch.drafts)}::text::jsonb) as x(
				customer_id int, reading_id bigint, category_code text, households int, persons int,
				from_date date, to_date date, previous_index numeric, current_index numeric,
				consumption_m3 numeric, credit_m3 numeric, back_billed_m3 numeric,
				water_amount_vnd bigint, vat_vnd bigint, env_fee_vnd bigint, drainage_vnd bigint,
				drainage_vat_vnd bigint, total_vnd bigint, lines jsonb, schedule_ids int[],
				previous_debt_vnd bigint)`.execute(trx);
	if (batch.skips.length)
		await sql`
			insert into billing_run_skip (run_id, customer_id, route_id, reason, detail)
			select ${claim.run_id}, x.customer_id, ${claim.route_id}, x.reason, x.detail
			from jsonb_to_recordset(${JSON.stringify(batch.skips)}::text::jsonb)
				as x(customer_id int, reason text, detail text)
			on conflict (run_id, customer_id) do update set reason = excluded.reason,
				detail = excluded.detail`.execute(trx);
	const m3 = batch.drafts.reduce((s, d) => s + Math.round(d.consumption_m3 * 1000), 0) / 1000;
	const total = batch.drafts.reduce((s, d) => s + d.total_vnd, 0);
	await sql`
		update billing_run_route set status = 'running', started_at = coalesce(started_at, now()),
			cursor_customer_id = ${batch.lastId}, customers = customers + ${batch.customerIds.length},
			invoices = invoices + ${batch.drafts.length}, skipped = skipped + ${batch.skips.length},
			volume_m3 = volume_m3 + ${m3}, total_vnd = total_vnd + ${total}, error = null
		where run_id = ${claim.run_id} and route_id = ${claim.route_id}`.execute(trx);
}

/** Marks the route done, and the run done when it was its last route; true when the run is. */
export async function finishRoute(trx: Db, claim: RouteClaim): Promise<boolean> {
	// Routes finishing at once take turns here, so the last one sees the others done.
	await sql`select id from billing_run where id = ${claim.run_id} for no key update`.execute(trx);
	await sql`update billing_run_route set status = 'done', finished_at = now(), error = null
		where run_id = ${claim.run_id} and route_id = ${claim.route_id}`.execute(trx);
	const { rows } = await sql<{ id: number }>`
		update billing_run set status = 'done', finished_at = now(), error = null
		where id = ${claim.run_id} and status <> 'done' and not exists (
			select 1 from billing_run_route where run_id = ${claim.run_id} and status <> 'done')
		returning id`.execute(trx);
	return rows.length > 0;
}

export async function failRoute(
	trx: Db,
	runId: number,
	routeId: number,
	error: string,
	final: boolean
) {
	await sql`update billing_run_route set error = ${error},
			status = ${final ? 'failed' : 'running'}
		where run_id = ${runId} and route_id = ${routeId}`.execute(trx);
	if (final)
		await sql`update billing_run set status = 'failed', error = ${error}, finished_at = now()
			where id = ${runId}`.execute(trx);
}
