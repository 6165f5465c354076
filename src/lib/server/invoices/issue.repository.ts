/**
 * Issuing drafts in one set-based statement: the drafts picked are locked, the series' counter
 * (invoice_counter, per series and year) is raised once by their count, and the drafts are
 * numbered from the counter's old value in the order of route and route_seq, with one audit
 * row each. A million drafts issue in one round trip. Concurrent issues queue on the counter
 * row; drafts another issue took meanwhile drop out when their lock is granted (READ
 * COMMITTED re-checks `status = 'draft'`), so no draft and no number is used twice.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface DraftSelection {
	periodId?: number;
	routeId?: number;
	ids?: number[];
	/** The clerk's routes; null = every route. */
	routeIds: number[] | null;
}

export interface Numbering {
	series: string;
	year: number;
	issuedOn: string;
	dueOn: string;
	actorId: number;
}

export interface IssueResult {
	count: number;
	/** First and last number given (null when nothing was issued). */
	first: number | null;
	last: number | null;
	ids: number[];
}

export async function issueDrafts(db: Db, s: DraftSelection, n: Numbering): Promise<IssueResult> {
	const { rows } = await sql<{ id: string; number: number }>`
		with picked as (
			select i.id, r.code as route_code, c.route_seq
			from invoice i
			join reading_period p on p.id = i.period_id and p.status = 'locked'
			join customer c on c.id = i.customer_id
			left join route r on r.id = i.route_id
			where i.status = 'draft' and not i.trial
				and (${s.periodId ?? null}::int is null or i.period_id = ${s.periodId ?? null}::int)
				and (${s.routeId ?? null}::int is null or i.route_id = ${s.routeId ?? null}::int)
				and (${s.ids ?? null}::bigint[] is null or i.id = any(${s.ids ?? null}::bigint[]))
				and (${s.routeIds}::int[] is null or i.route_id = any(${s.routeIds}::int[]))
			order by i.id
			for update of i
		), total as (
			select count(*)::int as n from picked
		), counter as (
			insert into invoice_counter as ic (series, year, last_no)
			select ${n.series}, ${n.year}, n from total where n > 0
			on conflict (series, year) do update set last_no = ic.last_no + excluded.last_no
			returning last_no
		), numbered as (
			select p.id, counter.last_no - total.n + row_number()
				over (order by p.route_code nulls last, p.route_seq nulls last, p.id) as no
			from picked p cross join counter cross join total
		), updated as (
			update invoice i set status = 'issued', series = ${n.series}, invoice_year = ${n.year},
				number = numbered.no, issued_on = ${n.issuedOn}::date, due_on = ${n.dueOn}::date,
				issued_by = ${n.actorId}, updated_at = now()
			from numbered where i.id = numbered.id
			returning i.id, i.number
		), audited as (
			insert into audit_log (actor_id, entity, entity_id, action, new_values)
			select ${n.actorId}, 'invoice', u.id::text, 'invoice.issue',
				jsonb_build_object('status', 'issued', 'series', ${n.series}::text, 'number', u.number,
					'issued_on', ${n.issuedOn}::text, 'due_on', ${n.dueOn}::text)
			from updated u
			returning 1
		)
		select id, number from updated order by number`.execute(db);
	return {
		count: rows.length,
		first: rows.length ? rows[0].number : null,
		last: rows.length ? rows[rows.length - 1].number : null,
		ids: rows.map((r) => Number(r.id))
	};
}

/** Drafts of the selection that can never be issued (trial runs), for a clear refusal. */
export async function countTrialDrafts(db: Db, s: DraftSelection): Promise<number> {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from invoice i
		where i.status = 'draft' and i.trial
			and (${s.periodId ?? null}::int is null or i.period_id = ${s.periodId ?? null}::int)
			and (${s.routeId ?? null}::int is null or i.route_id = ${s.routeId ?? null}::int)
			and (${s.routeIds}::int[] is null or i.route_id = any(${s.routeIds}::int[]))`.execute(db);
	return rows[0].n;
}
