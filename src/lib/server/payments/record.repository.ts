/**
 * SQL for the record page (thu tiền theo tuyến và kỳ): a route's customers with payable
 * invoices in a period, in route order, with the period's amounts. Money is integer VND.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';
import { payableInvoice } from './ledger.repository.ts';

type Db = Kysely<DB>;

export interface RouteInvoiceRow {
	customerId: number;
	customerCode: string;
	customerName: string;
	address: string;
	routeSeq: number | null;
	/** The period's invoice numbers, series/number, e.g. "1C26TWL/123". */
	invoiceNumbers: string[];
	/** The period's invoices: total and paid so far, VND. */
	totalVnd: number;
	paidVnd: number;
	/** Older periods' payable invoices still owed (nợ kỳ trước, debt carried forward), VND. */
	previousDebtVnd: number;
}

export async function routeInvoices(
	db: Db,
	periodId: number,
	routeId: number
): Promise<RouteInvoiceRow[]> {
	const { rows } = await sql<RouteInvoiceRow>`
		select c.id as "customerId", c.code as "customerCode", c.name as "customerName", c.address,
			c.route_seq as "routeSeq",
			array_agg(i.series || '/' || i.number order by i.id) as "invoiceNumbers",
			sum(i.total_vnd)::float8 as "totalVnd", sum(i.paid_vnd)::float8 as "paidVnd",
			(select coalesce(sum(o.total_vnd - o.paid_vnd), 0) from invoice o
				join reading_period op on op.id = o.period_id
				where o.customer_id = c.id and op.period_month < p.period_month
					and o.status in ('issued', 'paid') and not o.trial
					and o.kind in ('regular', 'adjustment'))::float8 as "previousDebtVnd"
		from invoice i join customer c on c.id = i.customer_id
			join reading_period p on p.id = i.period_id
		where i.period_id = ${periodId} and i.route_id = ${routeId} and ${payableInvoice}
		group by c.id, p.period_month
		order by c.route_seq nulls last, c.code`.execute(db);
	return rows;
}

/** The customers of a submission that have a payable invoice on the route in the period. */
export async function billedCustomers(db: Db, periodId: number, routeId: number, ids: number[]) {
	const { rows } = await sql<{ id: number; code: string }>`
		select distinct c.id, c.code from customer c join invoice i on i.customer_id = c.id
		where c.id = any(${ids}::int[]) and i.period_id = ${periodId} and i.route_id = ${routeId}
			and ${payableInvoice}`.execute(db);
	return rows;
}

export async function customerCodes(db: Db, ids: number[]) {
	const { rows } = await sql<{ id: number; code: string }>`
		select id, code from customer where id = any(${ids}::int[])`.execute(db);
	return new Map(rows.map((r) => [r.id, r.code]));
}
