/**
 * SQL for the cashier's screens: the list of customers who paid provisionally (filtered,
 * paged, streamed for export) and the totals of confirmed receipts by payment method. Every
 * query takes the viewer's route scope (null = all routes). Money is integer VND.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';
import { localDay } from './collections.repository.ts';

type Db = Kysely<DB>;

export interface CollectionListFilter {
	periodId?: number;
	routeId?: number;
	readerId?: number;
	method?: string;
	/** Calendar days (YYYY-MM-DD, Asia/Ho_Chi_Minh), both included. */
	from?: string;
	to?: string;
	routeIds: number[] | null;
}

function filtered(db: Db, f: CollectionListFilter) {
	let q = db
		.selectFrom('provisional_collection as pc')
		.innerJoin('customer as c', 'c.id', 'pc.customer_id')
		.innerJoin('staff as s', 's.id', 'pc.reader_id')
		.innerJoin('reading_period as p', 'p.id', 'pc.period_id')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.leftJoin('remittance as rm', 'rm.id', 'pc.remittance_id');
	if (f.routeIds) q = q.where('c.route_id', 'in', f.routeIds.length ? f.routeIds : [-1]);
	if (f.periodId !== undefined) q = q.where('pc.period_id', '=', f.periodId);
	if (f.routeId !== undefined) q = q.where('c.route_id', '=', f.routeId);
	if (f.readerId !== undefined) q = q.where('pc.reader_id', '=', f.readerId);
	if (f.method !== undefined) q = q.where('pc.method', '=', f.method);
	if (f.from) q = q.where(localDay('pc.collected_at'), '>=', f.from);
	if (f.to) q = q.where(localDay('pc.collected_at'), '<=', f.to);
	return q;
}

function listed(db: Db, f: CollectionListFilter) {
	return filtered(db, f)
		.select([
			'pc.id',
			'pc.customer_id as customerId',
			'c.code as customerCode',
			'c.name as customerName',
			'c.address',
			'r.code as routeCode',
			sql<string>`p.period_month::text`.as('periodMonth'),
			's.full_name as readerName',
			'pc.amount_vnd as amountVnd',
			'pc.method',
			'pc.collected_at as collectedAt',
			'pc.note',
			'rm.number as remittanceNumber',
			'rm.receipt_no as receiptNo'
		])
		.orderBy('pc.collected_at', 'desc')
		.orderBy('pc.id', 'desc');
}

export type ListedCollection = {
	id: number;
	customerId: number;
	customerCode: string;
	customerName: string;
	address: string;
	routeCode: string | null;
	periodMonth: string;
	readerName: string;
	amountVnd: number;
	method: string;
	collectedAt: Date;
	note: string | null;
	remittanceNumber: string | null;
	receiptNo: string | null;
};

const toListed = (r: Record<string, unknown>): ListedCollection =>
	({ ...r, id: Number(r.id), amountVnd: Number(r.amountVnd) }) as ListedCollection;

export async function listCollections(
	db: Db,
	f: CollectionListFilter,
	page: number,
	size: number
): Promise<ListedCollection[]> {
	const rows = await listed(db, f)
		.limit(size)
		.offset((page - 1) * size)
		.execute();
	return rows.map(toListed);
}

export async function* streamCollections(db: Db, f: CollectionListFilter, chunk = 1000) {
	for await (const r of listed(db, f).stream(chunk)) yield toListed(r);
}

/** Sum and count per method of the filtered collections (all pages). */
export async function collectionSums(db: Db, f: CollectionListFilter) {
	const rows = await filtered(db, f)
		.select([
			'pc.method',
			sql<string>`sum(pc.amount_vnd)`.as('amountVnd'),
			sql<number>`count(*)::int`.as('count')
		])
		.groupBy('pc.method')
		.execute();
	return rows.map((r) => ({ method: r.method, amountVnd: Number(r.amountVnd), count: r.count }));
}

/**
 * Confirmed receipts whose confirmation day (Asia/Ho_Chi_Minh) is in [from, to], summed per
 * reader and method from their lines. A scoped viewer counts their routes' lines only.
 */
export async function receiptSums(
	db: Db,
	f: { from: string; to: string; readerId?: number; routeIds: number[] | null }
) {
	let q = db
		.selectFrom('remittance as rm')
		.innerJoin('provisional_collection as pc', 'pc.remittance_id', 'rm.id')
		.innerJoin('customer as c', 'c.id', 'pc.customer_id')
		.innerJoin('staff as s', 's.id', 'rm.reader_id')
		.where('rm.status', '=', 'confirmed')
		.where(localDay('rm.confirmed_at'), '>=', f.from)
		.where(localDay('rm.confirmed_at'), '<=', f.to);
	if (f.readerId !== undefined) q = q.where('rm.reader_id', '=', f.readerId);
	if (f.routeIds) q = q.where('c.route_id', 'in', f.routeIds.length ? f.routeIds : [-1]);
	const rows = await q
		.select([
			'rm.reader_id as readerId',
			's.full_name as readerName',
			'pc.method',
			sql<string>`sum(pc.amount_vnd)`.as('amountVnd'),
			sql<number>`count(*)::int`.as('count'),
			sql<number>`count(distinct rm.id)::int`.as('receipts')
		])
		.groupBy(['rm.reader_id', 's.full_name', 'pc.method'])
		.orderBy('s.full_name')
		.execute();
	return rows.map((r) => ({ ...r, amountVnd: Number(r.amountVnd) }));
}

/** Confirmed receipts in the range, newest first (for the list under the totals). */
export async function receiptsInRange(
	db: Db,
	f: { from: string; to: string; readerId?: number; routeIds: number[] | null },
	limit = 500
) {
	let q = db
		.selectFrom('remittance as rm')
		.innerJoin('staff as s', 's.id', 'rm.reader_id')
		.where('rm.status', '=', 'confirmed')
		.where(localDay('rm.confirmed_at'), '>=', f.from)
		.where(localDay('rm.confirmed_at'), '<=', f.to);
	if (f.readerId !== undefined) q = q.where('rm.reader_id', '=', f.readerId);
	if (f.routeIds)
		q = q.where(
			sql<boolean>`exists (select 1 from provisional_collection pc join customer c on c.id = pc.customer_id
				where pc.remittance_id = rm.id and c.route_id = any(${f.routeIds}::int[]))`
		);
	const rows = await q
		.select([
			'rm.id',
			'rm.receipt_no as receiptNo',
			'rm.number',
			's.full_name as readerName',
			'rm.total_vnd as totalVnd',
			'rm.confirmed_at as confirmedAt'
		])
		.orderBy('rm.confirmed_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, id: Number(r.id), totalVnd: Number(r.totalVnd) }));
}

/** Staff who ever recorded a collection (the reader filter). */
export async function collectingReaders(db: Db) {
	return db
		.selectFrom('staff as s')
		.select(['s.id', 's.full_name as fullName'])
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('provisional_collection as pc')
					.select('pc.id')
					.whereRef('pc.reader_id', '=', 's.id')
			)
		)
		.orderBy('s.full_name')
		.execute();
}

export async function routesInScope(db: Db, routeIds: number[] | null) {
	let q = db.selectFrom('route').select(['id', 'code', 'name']).orderBy('code');
	if (routeIds) q = q.where('id', 'in', routeIds.length ? routeIds : [-1]);
	return q.execute();
}

export async function recentPeriods(db: Db, limit = 24) {
	return db
		.selectFrom('reading_period')
		.select(['id', sql<string>`period_month::text`.as('periodMonth'), 'status'])
		.orderBy('period_month', 'desc')
		.limit(limit)
		.execute();
}
