/**
 * SQL for the billing summary: a period's invoices grouped per route (the one each bill was
 * made on, so a customer moved since stays where they were billed) and tariff category in the
 * database (one row per pair, whatever the number of customers). Adjustments count in
 * their original's period with their signed amounts; trial and cancelled invoices never
 * count; drafts only when asked for. Money is integer VND (bigint), volumes m³.
 */
import { sql, type Kysely } from 'kysely';
import type { SummaryRow } from '../../domain/billing-reports/summary.ts';
import type { DB } from '../db/types.gen.ts';
import { routeFilter, type ReportScope } from './scope.ts';

type Db = Kysely<DB>;

export interface SummaryQuery extends ReportScope {
	periodId: number;
	includeDrafts: boolean;
}

export async function summaryRows(db: Db, q: SummaryQuery): Promise<SummaryRow[]> {
	const statuses = q.includeDrafts ? ['issued', 'paid', 'draft'] : ['issued', 'paid'];
	// Two branches, each on an index: regular bills of the period (period_id, route_id), and
	// adjustments (invoice_original_idx, migration 0021) whose original is of the period.
	const { rows } = await sql<Record<string, string | number | null>>`
		with billed as (
			select i.route_id, i.category_code, i.kind, i.consumption_m3, i.water_amount_vnd,
				i.vat_vnd, i.env_fee_vnd, i.drainage_vnd, i.drainage_vat_vnd, i.total_vnd
			from invoice i
			where i.period_id = ${q.periodId} and i.kind = 'regular' and not i.trial
				and i.status = any(${statuses}::text[])
			union all
			select coalesce(i.route_id, o.route_id), coalesce(i.category_code, o.category_code),
				i.kind, i.consumption_m3, i.water_amount_vnd, i.vat_vnd, i.env_fee_vnd,
				i.drainage_vnd, i.drainage_vat_vnd, i.total_vnd
			from invoice i
			join invoice o on o.id = i.original_id
			where i.original_id is not null and o.period_id = ${q.periodId} and not i.trial
				and i.status = any(${statuses}::text[])
		)
		select b.route_id as "routeId", r.code as "routeCode", r.name as "routeName",
			b.category_code as "categoryCode",
			count(*) filter (where b.kind = 'regular')::int as invoices,
			count(*) filter (where b.kind = 'adjustment')::int as adjustments,
			sum(b.consumption_m3)::text as "consumptionM3",
			sum(b.water_amount_vnd)::text as "waterVnd",
			sum(b.vat_vnd)::text as "vatVnd",
			sum(b.env_fee_vnd)::text as "envFeeVnd",
			sum(b.drainage_vnd)::text as "drainageVnd",
			sum(b.drainage_vat_vnd)::text as "drainageVatVnd",
			sum(b.total_vnd)::text as "totalVnd"
		from billed b
		left join route r on r.id = b.route_id
		where ${routeFilter(sql`b.route_id`, q)}
		group by b.route_id, r.code, r.name, b.category_code
		order by r.code nulls last, b.category_code nulls last
	`.execute(db);
	return rows.map((r) => ({
		routeId: r.routeId === null ? null : Number(r.routeId),
		routeCode: r.routeCode as string | null,
		routeName: r.routeName as string | null,
		categoryCode: r.categoryCode as string | null,
		invoices: Number(r.invoices),
		adjustments: Number(r.adjustments),
		consumptionM3: Number(r.consumptionM3),
		waterVnd: Number(r.waterVnd),
		vatVnd: Number(r.vatVnd),
		envFeeVnd: Number(r.envFeeVnd),
		drainageVnd: Number(r.drainageVnd),
		drainageVatVnd: Number(r.drainageVatVnd),
		totalVnd: Number(r.totalVnd)
	}));
}

/** Reading periods, newest first, with whether any invoice (not trial) belongs to them. */
export async function reportPeriods(db: Db, limit = 36) {
	const { rows } = await sql<{ id: number; periodMonth: string; status: string; billed: boolean }>`
		select p.id, p.period_month::text as "periodMonth", p.status,
			exists (select 1 from invoice i where i.period_id = p.id and not i.trial) as billed
		from reading_period p order by p.period_month desc limit ${limit}
	`.execute(db);
	return rows;
}

export async function findPeriod(db: Db, id: number) {
	return db
		.selectFrom('reading_period')
		.select(['id', sql<string>`period_month::text`.as('periodMonth')])
		.where('id', '=', id)
		.executeTakeFirst();
}
