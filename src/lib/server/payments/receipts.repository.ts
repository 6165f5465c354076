/**
 * SQL for payment receipts (phiếu thu, PT-YYYY-NNNNNN): writing one, finding a submission's
 * receipts by its client key, the filtered list, one receipt with what it paid, and voiding.
 * Every list takes the viewer's route scope (null = all routes). Money is integer VND.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';
import { localDay } from '../collections/collections.repository.ts';

type Db = Kysely<DB>;

export interface ReceiptWrite {
	number: string;
	customerId: number;
	method: string;
	amountVnd: number;
	receivedAt: Date;
	cashierId: number | null;
	provisionalCollectionId: number | null;
	reference: string | null;
	note: string | null;
	clientKey: string | null;
}

export async function insertReceipt(db: Db, w: ReceiptWrite): Promise<number> {
	const { id } = await db
		.insertInto('receipt')
		.values({
			number: w.number,
			customer_id: w.customerId,
			method: w.method,
			amount_vnd: w.amountVnd,
			received_at: w.receivedAt,
			cashier_id: w.cashierId,
			provisional_collection_id: w.provisionalCollectionId,
			reference: w.reference,
			note: w.note,
			client_key: w.clientKey
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(id);
}

export interface ReceiptRow {
	id: number;
	number: string;
	customerId: number;
	customerCode: string;
	customerName: string;
	address: string;
	routeId: number | null;
	routeCode: string | null;
	method: string;
	amountVnd: number;
	/** Applied to invoices, VND; amountVnd − appliedVnd is the customer's credit on it. */
	appliedVnd: number;
	receivedAt: Date;
	cashierName: string | null;
	reference: string | null;
	note: string | null;
	status: string;
	voidReason: string | null;
	voidedAt: Date | null;
	provisionalCollectionId: number | null;
}

const receiptSelect = sql`
	select r.id::int as id, r.number, r.customer_id as "customerId", c.code as "customerCode",
		c.name as "customerName", c.address, c.route_id as "routeId", rt.code as "routeCode",
		r.method, r.amount_vnd::float8 as "amountVnd",
		coalesce((select sum(pm.amount_vnd) from payment pm where pm.receipt_id = r.id), 0)::float8
			as "appliedVnd",
		r.received_at as "receivedAt", s.full_name as "cashierName", r.reference, r.note, r.status,
		r.void_reason as "voidReason", r.voided_at as "voidedAt",
		r.provisional_collection_id::int as "provisionalCollectionId"
	from receipt r join customer c on c.id = r.customer_id
		left join route rt on rt.id = c.route_id
		left join staff s on s.id = r.cashier_id`;

export async function receiptsByClientKey(db: Db, clientKey: string): Promise<ReceiptRow[]> {
	const { rows } = await sql<ReceiptRow>`${receiptSelect}
		where r.client_key = ${clientKey} order by r.id`.execute(db);
	return rows;
}

export async function findReceipt(db: Db, id: number): Promise<ReceiptRow | undefined> {
	const { rows } = await sql<ReceiptRow>`${receiptSelect} where r.id = ${id}`.execute(db);
	return rows[0];
}

export interface ReceiptFilter {
	/** Calendar days, YYYY-MM-DD (Asia/Ho_Chi_Minh), both included. */
	from: string;
	to: string;
	method?: string;
	cashierId?: number;
	/** Customer code or part of the name. */
	customer?: string;
	routeIds: number[] | null;
}

export async function listReceipts(db: Db, f: ReceiptFilter, limit = 200): Promise<ReceiptRow[]> {
	const conditions = [
		sql`${localDay('r.received_at')} between ${f.from}::date and ${f.to}::date`,
		...(f.method ? [sql`r.method = ${f.method}`] : []),
		...(f.cashierId ? [sql`r.cashier_id = ${f.cashierId}`] : []),
		...(f.customer
			? [sql`(c.code ilike ${f.customer + '%'} or c.name ilike ${'%' + f.customer + '%'})`]
			: []),
		...(f.routeIds ? [sql`c.route_id = any(${f.routeIds}::int[])`] : [])
	];
	const { rows } = await sql<ReceiptRow>`${receiptSelect}
		where ${sql.join(conditions, sql` and `)}
		order by r.received_at desc, r.id desc limit ${limit}`.execute(db);
	return rows;
}

/** Staff who have written receipts, for the list's filter. */
export async function receiptCashiers(db: Db) {
	const { rows } = await sql<{ id: number; fullName: string }>`
		select s.id, s.full_name as "fullName" from staff s
		where exists (select 1 from receipt r where r.cashier_id = s.id) order by s.full_name`.execute(db);
	return rows;
}

export interface PaidInvoice {
	invoiceId: number;
	series: string | null;
	number: number | null;
	periodMonth: string;
	totalVnd: number;
	amountVnd: number;
}

export async function receiptPayments(db: Db, receiptId: number): Promise<PaidInvoice[]> {
	const { rows } = await sql<PaidInvoice>`
		select i.id::int as "invoiceId", i.series, i.number, p.period_month::text as "periodMonth",
			i.total_vnd::float8 as "totalVnd", pm.amount_vnd::float8 as "amountVnd"
		from payment pm join invoice i on i.id = pm.invoice_id
			join reading_period p on p.id = i.period_id
		where pm.receipt_id = ${receiptId} order by p.period_month, i.id`.execute(db);
	return rows;
}

export async function lockReceipt(db: Db, id: number) {
	const { rows } = await sql<{ id: number; status: string; customerId: number }>`
		select id::int as id, status, customer_id as "customerId" from receipt
		where id = ${id} for update`.execute(db);
	return rows[0];
}

export async function markVoid(
	db: Db,
	id: number,
	v: { reason: string; by: number; at: Date }
): Promise<void> {
	await sql`update receipt set status = 'void', void_reason = ${v.reason}, voided_by = ${v.by},
		voided_at = ${v.at} where id = ${id}`.execute(db);
}

/** The utility's name and address for the printed receipt (billing_settings has one row). */
export async function seller(db: Db) {
	const { rows } = await sql<{ name: string; address: string; taxCode: string }>`
		select seller_name as name, seller_address as address, seller_tax_code as "taxCode"
		from billing_settings limit 1`.execute(db);
	return rows[0] ?? null;
}
