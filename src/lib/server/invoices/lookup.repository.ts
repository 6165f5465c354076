/**
 * The invoice lookup: filters by number, series, customer (code prefix or words of the name),
 * period, route and status, newest first, a page at a time, and the totals of everything the
 * filters match. Scoped clerks see only their routes' invoices (invoice.route_id, the route
 * billed). The order (id desc) walks the primary key; the period/route and customer filters
 * have their own indexes.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { escapeLike } from '../../domain/search/search-query.ts';
import type { DB } from '../db/types.gen.ts';
import type { LookupFilter } from './invoices.schemas.ts';

type Db = Kysely<DB>;
type Eb = ExpressionBuilder<DB & { i: DB['invoice']; c: DB['customer'] }, 'i' | 'c'>;

export const PAGE_SIZE = 50;

function customerMatch(eb: Eb, text: string) {
	if (/^KH\d*$/i.test(text)) return eb('c.code', 'like', `${escapeLike(text.toUpperCase())}%`);
	const words = text.split(/\s+/).filter(Boolean);
	return eb.and(
		words.map((w) => eb('c.search_text', 'like', sql<string>`wl_fold(${`%${escapeLike(w)}%`})`))
	);
}

function filtered(db: Db, f: LookupFilter, routeIds: number[] | null) {
	let q = db.selectFrom('invoice as i').innerJoin('customer as c', 'c.id', 'i.customer_id');
	if (routeIds) q = q.where('i.route_id', '=', sql<number>`any(${routeIds}::int[])`);
	if (f.number !== undefined) q = q.where('i.number', '=', f.number);
	if (f.series !== undefined) q = q.where('i.series', '=', f.series);
	if (f.period !== undefined) q = q.where('i.period_id', '=', f.period);
	if (f.route !== undefined) q = q.where('i.route_id', '=', f.route);
	if (f.status !== undefined) q = q.where('i.status', '=', f.status);
	const text = f.customer;
	if (text) q = q.where((eb) => customerMatch(eb as unknown as Eb, text));
	return q;
}

export interface InvoiceListRow {
	id: number;
	kind: string;
	status: string;
	trial: boolean;
	series: string | null;
	number: number | null;
	issuedOn: string | null;
	customerCode: string;
	customerName: string;
	periodMonth: string;
	routeCode: string | null;
	consumptionM3: number;
	totalVnd: number;
	paidVnd: number;
}

export async function listInvoices(db: Db, f: LookupFilter, routeIds: number[] | null) {
	const rows = await filtered(db, f, routeIds)
		.innerJoin('reading_period as p', 'p.id', 'i.period_id')
		.leftJoin('route as r', 'r.id', 'i.route_id')
		.select([
			'i.id',
			'i.kind',
			'i.status',
			'i.trial',
			'i.series',
			'i.number',
			'i.issued_on as issuedOn',
			'c.code as customerCode',
			'c.name as customerName',
			'p.period_month as periodMonth',
			'r.code as routeCode',
			'i.consumption_m3 as consumptionM3',
			'i.total_vnd as totalVnd',
			'i.paid_vnd as paidVnd'
		])
		.orderBy('i.id', 'desc')
		.limit(PAGE_SIZE + 1)
		.offset((f.page - 1) * PAGE_SIZE)
		.execute();
	const list: InvoiceListRow[] = rows.map((r) => ({
		...r,
		id: Number(r.id),
		consumptionM3: Number(r.consumptionM3),
		totalVnd: Number(r.totalVnd),
		paidVnd: Number(r.paidVnd)
	}));
	return { rows: list.slice(0, PAGE_SIZE), hasMore: list.length > PAGE_SIZE };
}

/** Count, m³ and amounts of every invoice the filters match (cancelled ones count apart). */
export async function lookupTotals(db: Db, f: LookupFilter, routeIds: number[] | null) {
	const r = await filtered(db, f, routeIds)
		.select([
			sql<number>`count(*)::int`.as('count'),
			sql<string>`coalesce(sum(i.consumption_m3) filter (where i.status <> 'cancelled'), 0)`.as(
				'm3'
			),
			sql<string>`coalesce(sum(i.total_vnd) filter (where i.status <> 'cancelled'), 0)`.as('total'),
			sql<string>`coalesce(sum(i.paid_vnd) filter (where i.status <> 'cancelled'), 0)`.as('paid'),
			sql<number>`count(*) filter (where i.status = 'cancelled')::int`.as('cancelled')
		])
		.executeTakeFirstOrThrow();
	return {
		count: r.count,
		m3: Number(r.m3),
		totalVnd: Number(r.total),
		paidVnd: Number(r.paid),
		cancelled: r.cancelled
	};
}

/** Periods and routes for the filters (routes limited to the clerk's). */
export async function filterChoices(db: Db, routeIds: number[] | null) {
	const periods = await db
		.selectFrom('reading_period')
		.select(['id', 'period_month as periodMonth', 'status'])
		.orderBy('period_month', 'desc')
		.limit(36)
		.execute();
	let routes = db.selectFrom('route').select(['id', 'code', 'name']).orderBy('code');
	if (routeIds) routes = routes.where('id', '=', sql<number>`any(${routeIds}::int[])`);
	return { periods, routes: await routes.execute() };
}

/** Issued (or paid) invoices of a period, optionally one route, in number order. */
export async function issuedIds(
	db: Db,
	periodId: number,
	routeId: number | undefined,
	routeIds: number[] | null,
	limit: number
): Promise<number[]> {
	let q = db
		.selectFrom('invoice as i')
		.select('i.id')
		.where('i.period_id', '=', periodId)
		.where('i.status', 'in', ['issued', 'paid']);
	if (routeId !== undefined) q = q.where('i.route_id', '=', routeId);
	if (routeIds) q = q.where('i.route_id', '=', sql<number>`any(${routeIds}::int[])`);
	const rows = await q.orderBy('i.series').orderBy('i.number').limit(limit).execute();
	return rows.map((r) => Number(r.id));
}
