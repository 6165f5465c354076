/**
 * SQL for what customers owe and have paid: their payable invoices (issued or paid, regular
 * or adjustment; never drafts, trials or cancelled ones), the credit left on their valid
 * receipts, balances, and the writes that apply money (payment rows and invoice.paid_vnd).
 * Money is integer VND (int8 read back as numbers: one utility's sums stay below 2^53).
 */
import { sql, type Kysely } from 'kysely';
import type { OpenInvoice } from '../../domain/payments/allocation.ts';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

/** The invoices that take payments (status issued or paid, kind regular or adjustment). */
export const payableInvoice = sql`i.status in ('issued', 'paid') and not i.trial
	and i.kind in ('regular', 'adjustment')`;

/**
 * Serialises payments per customer (two cashiers, a bank import and a settlement at once)
 * until the transaction ends. NO KEY UPDATE: rows that merely reference the customer
 * (a new reading, a receipt) are not blocked.
 */
export async function lockCustomers(db: Db, customerIds: number[]): Promise<void> {
	if (customerIds.length === 0) return;
	await sql`select id from customer where id = any(${customerIds}::int[])
		order by id for no key update`.execute(db);
}

export interface LedgerInvoice extends OpenInvoice {
	customerId: number;
	series: string | null;
	number: number | null;
}

/** Payable invoices of the customers that still owe something (or are credit notes). */
export async function openInvoices(db: Db, customerIds: number[]): Promise<LedgerInvoice[]> {
	if (customerIds.length === 0) return [];
	const { rows } = await sql<LedgerInvoice>`
		select i.id::int as id, i.customer_id as "customerId", p.period_month::text as "periodMonth",
			i.issued_on::text as "issuedOn", i.total_vnd::float8 as "totalVnd",
			i.paid_vnd::float8 as "paidVnd", i.series, i.number
		from invoice i join reading_period p on p.id = i.period_id
		where i.customer_id = any(${customerIds}::int[]) and ${payableInvoice}
			and i.total_vnd <> i.paid_vnd
		order by p.period_month, i.issued_on, i.id`.execute(db);
	return rows;
}

export interface Credit {
	receiptId: number;
	customerId: number;
	/** What is left on the receipt, VND. */
	leftVnd: number;
}

/** Valid receipts with money not yet applied, oldest first. */
export async function credits(db: Db, customerIds: number[]): Promise<Credit[]> {
	if (customerIds.length === 0) return [];
	const { rows } = await sql<Credit>`
		select r.id::int as "receiptId", r.customer_id as "customerId",
			(r.amount_vnd - coalesce(sum(pm.amount_vnd), 0))::float8 as "leftVnd"
		from receipt r left join payment pm on pm.receipt_id = r.id
		where r.customer_id = any(${customerIds}::int[]) and r.status = 'valid'
		group by r.id
		having r.amount_vnd > coalesce(sum(pm.amount_vnd), 0)
		order by r.received_at, r.id`.execute(db);
	return rows;
}

export interface CustomerBalance {
	customerId: number;
	/** Σ (total − paid) of payable invoices, VND (a credit note lowers it). */
	outstandingVnd: number;
	/** Money on valid receipts not applied to any invoice, VND. */
	creditVnd: number;
	/** outstanding − credit: what the customer owes now (negative: the utility owes). */
	balanceVnd: number;
}

/**
 * Debt carried forward per customer, for any caller (record page, bank matching, reports).
 * Customers with nothing owed and no credit come back with zeros.
 */
export async function customerBalances(
	db: Db,
	customerIds: number[]
): Promise<Map<number, CustomerBalance>> {
	const result = new Map<number, CustomerBalance>();
	if (customerIds.length === 0) return result;
	const { rows } = await sql<CustomerBalance>`
		with ids as (select unnest(${customerIds}::int[]) as id),
		owed as (
			select i.customer_id, sum(i.total_vnd - i.paid_vnd) as vnd from invoice i
			where i.customer_id = any(${customerIds}::int[]) and ${payableInvoice}
			group by i.customer_id),
		credit as (
			select r.customer_id, sum(r.amount_vnd - coalesce(
				(select sum(pm.amount_vnd) from payment pm where pm.receipt_id = r.id), 0)) as vnd
			from receipt r
			where r.customer_id = any(${customerIds}::int[]) and r.status = 'valid'
			group by r.customer_id)
		select ids.id as "customerId", coalesce(owed.vnd, 0)::float8 as "outstandingVnd",
			coalesce(credit.vnd, 0)::float8 as "creditVnd",
			(coalesce(owed.vnd, 0) - coalesce(credit.vnd, 0))::float8 as "balanceVnd"
		from ids left join owed on owed.customer_id = ids.id
			left join credit on credit.customer_id = ids.id`.execute(db);
	for (const r of rows) result.set(r.customerId, r);
	return result;
}

export async function insertPayment(
	db: Db,
	p: { receiptId: number; invoiceId: number; amountVnd: number }
): Promise<void> {
	// A receipt pays an invoice at most once per row: applying more of the same receipt later
	// (its credit) adds to that row.
	await sql`insert into payment (receipt_id, invoice_id, amount_vnd)
		values (${p.receiptId}, ${p.invoiceId}, ${p.amountVnd})
		on conflict (receipt_id, invoice_id)
		do update set amount_vnd = payment.amount_vnd + excluded.amount_vnd`.execute(db);
}

/**
 * Adds (or, negative, takes back) paid money on a payable invoice; 'paid' when it covers the
 * total, 'issued' again when it no longer does. Returns false when the invoice is not payable.
 */
export async function addPaid(db: Db, invoiceId: number, deltaVnd: number): Promise<boolean> {
	const { rows } = await sql<{ id: number }>`
		update invoice i set paid_vnd = i.paid_vnd + ${deltaVnd},
			status = case when i.paid_vnd + ${deltaVnd} >= i.total_vnd then 'paid' else 'issued' end,
			updated_at = now()
		where i.id = ${invoiceId} and ${payableInvoice}
		returning i.id`.execute(db);
	return rows.length === 1;
}

/** The payment rows of a receipt, for voiding it (they stay, as the void receipt's history). */
export async function paymentsOf(db: Db, receiptId: number) {
	const { rows } = await sql<{ invoiceId: number; amountVnd: number }>`
		select invoice_id::int as "invoiceId", amount_vnd::float8 as "amountVnd"
		from payment where receipt_id = ${receiptId} order by id`.execute(db);
	return rows;
}
