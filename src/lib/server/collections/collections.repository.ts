/**
 * SQL for provisional collections (thu tiền tạm tính), remittance lists (bảng kê) and their
 * receipts (biên nhận). Plain functions taking db or trx first. Money is integer VND (int8,
 * read back as numbers: one utility's sums stay far below 2^53). Calendar days are in
 * Asia/Ho_Chi_Minh.
 */
import { sql, type Kysely } from 'kysely';
import type { DocumentKind } from '../../domain/collections/numbering.ts';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface CollectionRow {
	id: number;
	clientKey: string | null;
	customerId: number;
	customerCode: string;
	customerName: string;
	routeId: number | null;
	periodId: number;
	readerId: number;
	amountVnd: number;
	method: string;
	collectedAt: Date;
	note: string | null;
	remittanceId: number | null;
}

/** Where a collected instant falls in the utility's calendar. */
export const localDay = (column: string) =>
	sql<string>`(${sql.ref(column)} at time zone 'Asia/Ho_Chi_Minh')::date`;

function collectionsQuery(db: Db) {
	return db
		.selectFrom('provisional_collection as pc')
		.innerJoin('customer as c', 'c.id', 'pc.customer_id')
		.select([
			'pc.id',
			'pc.client_key as clientKey',
			'pc.customer_id as customerId',
			'c.code as customerCode',
			'c.name as customerName',
			'c.route_id as routeId',
			'pc.period_id as periodId',
			'pc.reader_id as readerId',
			'pc.amount_vnd as amountVnd',
			'pc.method',
			'pc.collected_at as collectedAt',
			'pc.note',
			'pc.remittance_id as remittanceId'
		]);
}

/** int8 columns arrive as strings; ids and VND here fit a number. */
function toRow(r: Record<string, unknown>): CollectionRow {
	return {
		...(r as unknown as CollectionRow),
		id: Number(r.id),
		amountVnd: Number(r.amountVnd),
		remittanceId: r.remittanceId === null ? null : Number(r.remittanceId)
	};
}

export async function collectionByClientKey(db: Db, key: string) {
	const r = await collectionsQuery(db).where('pc.client_key', '=', key).executeTakeFirst();
	return r ? toRow(r) : undefined;
}

export async function customerForCollection(db: Db, id: number) {
	return db
		.selectFrom('customer')
		.select(['id', 'code', 'name', 'route_id as routeId'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export interface CollectionWrite {
	clientKey: string;
	customerId: number;
	periodId: number;
	readerId: number;
	amountVnd: number;
	method: string;
	collectedAt: Date;
	note: string | null;
}

/** Inserts one collection; a concurrent replay of the same key fails here (unique violation). */
export async function insertCollection(db: Db, w: CollectionWrite): Promise<number> {
	const { id } = await db
		.insertInto('provisional_collection')
		.values({
			client_key: w.clientKey,
			customer_id: w.customerId,
			period_id: w.periodId,
			reader_id: w.readerId,
			amount_vnd: w.amountVnd,
			method: w.method,
			collected_at: w.collectedAt,
			note: w.note
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(id);
}

export async function collectionById(db: Db, id: number) {
	const r = await collectionsQuery(db).where('pc.id', '=', String(id)).executeTakeFirst();
	return r ? toRow(r) : undefined;
}

/** A reader's collections not yet remitted, and those collected on `today` (YYYY-MM-DD). */
export async function readerCollections(db: Db, readerId: number, today: string) {
	const rows = await collectionsQuery(db)
		.where('pc.reader_id', '=', readerId)
		.where((eb) =>
			eb.or([eb('pc.remittance_id', 'is', null), eb(localDay('pc.collected_at'), '=', today)])
		)
		.orderBy('pc.collected_at', 'desc')
		.orderBy('pc.id', 'desc')
		.limit(2000)
		.execute();
	return rows.map(toRow);
}

/**
 * Locks a reader's pending collections (all, or those listed) for a remittance. Rows remitted
 * meanwhile by a concurrent submission drop out when the lock is granted (READ COMMITTED
 * re-checks `remittance_id is null`).
 */
export async function lockPending(db: Db, readerId: number, ids?: number[]) {
	let q = collectionsQuery(db)
		.where('pc.reader_id', '=', readerId)
		.where('pc.remittance_id', 'is', null);
	if (ids) q = q.where('pc.id', 'in', ids.map(String));
	const rows = await q.orderBy('pc.id').forUpdate('pc').execute();
	return rows.map(toRow);
}

/** Serialises one reader's remittance submissions until the transaction ends. */
export async function lockReaderRemittances(db: Db, readerId: number): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext(${`remittance:${readerId}`}))`.execute(db);
}

/** The reader's submission already made with this client key, if any. */
export async function remittanceByClientKey(db: Db, readerId: number, key: string) {
	const row = await db
		.selectFrom('remittance')
		.select('id')
		.where('reader_id', '=', readerId)
		.where('client_key', '=', key)
		.executeTakeFirst();
	return row ? Number(row.id) : undefined;
}

/**
 * The next number of a kind in a year. The counter row is locked until the transaction ends,
 * so concurrent writers queue and a rolled-back one gives its number back: no gaps.
 */
export async function nextDocumentNo(db: Db, kind: DocumentKind, year: number): Promise<number> {
	const { rows } = await sql<{ last_no: number }>`
		insert into document_counter (kind, year, last_no) values (${kind}, ${year}, 1)
		on conflict (kind, year) do update set last_no = document_counter.last_no + 1
		returning last_no`.execute(db);
	return rows[0].last_no;
}

export async function insertRemittance(
	db: Db,
	r: {
		number: string;
		readerId: number;
		totalVnd: number;
		submittedAt: Date;
		clientKey: string | null;
	}
): Promise<number> {
	const { id } = await db
		.insertInto('remittance')
		.values({
			number: r.number,
			client_key: r.clientKey,
			reader_id: r.readerId,
			total_vnd: r.totalVnd,
			submitted_at: r.submittedAt
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(id);
}

export async function attachToRemittance(db: Db, ids: number[], remittanceId: number) {
	await db
		.updateTable('provisional_collection')
		.set({ remittance_id: String(remittanceId) })
		.where('id', 'in', ids.map(String))
		.execute();
}

export interface RemittanceRow {
	id: number;
	number: string;
	readerId: number;
	readerName: string;
	status: 'submitted' | 'confirmed';
	totalVnd: number;
	count: number;
	submittedAt: Date;
	confirmedBy: number | null;
	confirmedByName: string | null;
	confirmedAt: Date | null;
	receiptNo: string | null;
}

function remittancesQuery(db: Db) {
	return db
		.selectFrom('remittance as r')
		.innerJoin('staff as s', 's.id', 'r.reader_id')
		.leftJoin('staff as cb', 'cb.id', 'r.confirmed_by')
		.select([
			'r.id',
			'r.number',
			'r.reader_id as readerId',
			's.full_name as readerName',
			'r.status',
			'r.total_vnd as totalVnd',
			sql<number>`(select count(*)::int from provisional_collection pc where pc.remittance_id = r.id)`.as(
				'count'
			),
			'r.submitted_at as submittedAt',
			'r.confirmed_by as confirmedBy',
			'cb.full_name as confirmedByName',
			'r.confirmed_at as confirmedAt',
			'r.receipt_no as receiptNo'
		]);
}

const toRemittance = (r: Record<string, unknown>): RemittanceRow =>
	({
		...r,
		id: Number(r.id),
		totalVnd: Number(r.totalVnd)
	}) as RemittanceRow;

/**
 * Remittances, newest first. A route-scoped viewer sees those holding at least one of their
 * routes' customers.
 */
export async function listRemittances(
	db: Db,
	opts: { readerId?: number; status?: 'submitted' | 'confirmed'; routeIds: number[] | null },
	limit = 200
): Promise<RemittanceRow[]> {
	let q = remittancesQuery(db);
	if (opts.readerId !== undefined) q = q.where('r.reader_id', '=', opts.readerId);
	if (opts.status) q = q.where('r.status', '=', opts.status);
	if (opts.routeIds)
		q = q.where(
			sql<boolean>`exists (select 1 from provisional_collection pc join customer c on c.id = pc.customer_id
				where pc.remittance_id = r.id and c.route_id = any(${opts.routeIds}::int[]))`
		);
	const rows = await q
		.orderBy('r.submitted_at', 'desc')
		.orderBy('r.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map(toRemittance);
}

export async function findRemittance(db: Db, id: number): Promise<RemittanceRow | undefined> {
	const r = await remittancesQuery(db).where('r.id', '=', String(id)).executeTakeFirst();
	return r ? toRemittance(r) : undefined;
}

/** Locks the remittance row: two confirmations of one list queue here. */
export async function lockRemittance(db: Db, id: number) {
	return db
		.selectFrom('remittance')
		.select(['id', 'status', 'receipt_no', 'reader_id', 'total_vnd', 'number'])
		.where('id', '=', String(id))
		.forUpdate()
		.executeTakeFirst();
}

export async function markConfirmed(
	db: Db,
	id: number,
	c: { receiptNo: string; by: number; at: Date }
): Promise<void> {
	await db
		.updateTable('remittance')
		.set({ status: 'confirmed', receipt_no: c.receiptNo, confirmed_by: c.by, confirmed_at: c.at })
		.where('id', '=', String(id))
		.execute();
}

/** A remittance's lines (those in the viewer's routes when scoped). */
export async function remittanceLines(db: Db, id: number, routeIds: number[] | null) {
	let q = collectionsQuery(db).where('pc.remittance_id', '=', String(id));
	if (routeIds) q = q.where('c.route_id', 'in', routeIds.length ? routeIds : [-1]);
	const rows = await q.orderBy('pc.collected_at').orderBy('pc.id').execute();
	return rows.map(toRow);
}
