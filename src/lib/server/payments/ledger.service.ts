/**
 * The in-transaction step every way of taking money shares (the counter, a reader's
 * collection, a bank line): lock the customer, write the receipt (PT-YYYY-NNNNNN), and apply
 * the customer's older credit first, then the new money, to their unpaid invoices oldest
 * first. What is left stays on the receipt as credit, applied the next time money is applied
 * for that customer (or when a cashier applies credit on the record page). Audit rows are
 * written in the same transaction; callers publish after the commit.
 */
import { allocate, type MoneySource } from '../../domain/payments/allocation.ts';
import { documentNumber, documentYear } from '../../domain/collections/numbering.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Database } from '../db/connection.ts';
import { nextDocumentNo } from '../collections/collections.repository.ts';
import { publish } from '../realtime/publish.ts';
import * as ledger from './ledger.repository.ts';
import * as receipts from './receipts.repository.ts';

export type ReceiptMethod = 'cash' | 'reader_collection' | 'bank_transfer' | 'qr' | 'auto_debit';

export interface NewReceipt {
	customerId: number;
	method: ReceiptMethod;
	amountVnd: number;
	receivedAt: Date;
	cashierId: number | null;
	provisionalCollectionId?: number | null;
	reference?: string | null;
	note?: string | null;
	clientKey?: string | null;
}

export interface AppliedMoney {
	/** Payment rows written: which receipt paid which invoice how much, VND. */
	allocations: { receiptId: number; invoiceId: number; amountVnd: number }[];
	/** The customer's credit left after this, VND. */
	creditVnd: number;
}

/**
 * Applies the customer's unapplied receipt money (oldest receipt first) to their open
 * invoices and writes the payments. The caller holds the customer's lock (lockCustomers).
 */
async function applySources(trx: Database, customerId: number): Promise<AppliedMoney> {
	const [invoices, credits] = await Promise.all([
		ledger.openInvoices(trx, [customerId]),
		ledger.credits(trx, [customerId])
	]);
	const sources: MoneySource<number>[] = credits.map((c) => ({
		key: c.receiptId,
		amountVnd: c.leftVnd
	}));
	const { allocations, leftVnd } = allocate(sources, invoices);
	for (const a of allocations) {
		await ledger.insertPayment(trx, {
			receiptId: a.source,
			invoiceId: a.invoiceId,
			amountVnd: a.amountVnd
		});
		if (!(await ledger.addPaid(trx, a.invoiceId, a.amountVnd)))
			throw new Error(`invoice ${a.invoiceId} stopped being payable during the payment`);
	}
	const creditVnd = [...leftVnd.values()].reduce((s, v) => s + v, 0);
	return {
		allocations: allocations.map((a) => ({
			receiptId: a.source,
			invoiceId: a.invoiceId,
			amountVnd: a.amountVnd
		})),
		creditVnd
	};
}

export interface WrittenReceipt extends AppliedMoney {
	receiptId: number;
	number: string;
}

/** Writes a receipt for the customer and applies it (see the file comment). */
export async function writeReceipt(
	trx: Database,
	actorId: number | null,
	r: NewReceipt
): Promise<WrittenReceipt> {
	await ledger.lockCustomers(trx, [r.customerId]);
	const year = documentYear(r.receivedAt);
	const number = documentNumber('payment', year, await nextDocumentNo(trx, 'payment', year));
	const receiptId = await receipts.insertReceipt(trx, {
		number,
		customerId: r.customerId,
		method: r.method,
		amountVnd: r.amountVnd,
		receivedAt: r.receivedAt,
		cashierId: r.cashierId,
		provisionalCollectionId: r.provisionalCollectionId ?? null,
		reference: r.reference ?? null,
		note: r.note ?? null,
		clientKey: r.clientKey ?? null
	});
	// The new receipt is now one of the customer's credits (nothing applied from it yet): it is
	// applied after older credit, in receipt order.
	const applied = await applySources(trx, r.customerId);
	await writeAudit(trx, {
		actorId,
		entity: 'receipt',
		entityId: receiptId,
		action: 'receipt.create',
		newValues: {
			number,
			customer_id: r.customerId,
			method: r.method,
			amount_vnd: r.amountVnd,
			received_at: r.receivedAt.toISOString(),
			provisional_collection_id: r.provisionalCollectionId ?? null,
			reference: r.reference ?? null,
			client_key: r.clientKey ?? null,
			payments: applied.allocations,
			credit_vnd: applied.creditVnd
		}
	});
	return { receiptId, number, ...applied };
}

/**
 * Applies a customer's credit (money left on older receipts) to invoices issued since.
 * Writes nothing (and no audit row) when there is nothing to apply.
 */
export async function applyCredit(
	trx: Database,
	actorId: number | null,
	customerId: number
): Promise<AppliedMoney> {
	await ledger.lockCustomers(trx, [customerId]);
	const applied = await applySources(trx, customerId);
	if (applied.allocations.length > 0)
		await writeAudit(trx, {
			actorId,
			entity: 'customer',
			entityId: customerId,
			action: 'receipt.apply_credit',
			newValues: { payments: applied.allocations, credit_vnd: applied.creditVnd }
		});
	return applied;
}

/**
 * After the commit: cashiers' payment screens (watch:payments) and scoped billing clerks of the
 * routes concerned (route:<id>) reload. Ids only, as every realtime event.
 */
export function announcePayments(
	routeIds: readonly (number | null)[],
	ids: Record<string, number | string>
): void {
	const routes = [...new Set(routeIds.filter((r): r is number => r !== null))];
	publish(['watch:payments', ...routes.map((r) => `route:${r}`)], {
		type: 'payment:changed',
		ids
	});
}
