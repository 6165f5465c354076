/**
 * Readers' collections become receipts (method reader_collection, linked by
 * provisional_collection_id) once the cashier has confirmed their remittance: each is applied
 * to the customer's unpaid invoices oldest first. A customer with nothing issued to pay yet
 * keeps the collection pending (listed with the reason) until invoices exist. Each collection
 * settles in its own transaction; the unique link means a second settlement (two cashiers at
 * once) fails on the constraint and is reported as already settled.
 */
import { methodNamesVi, type PaymentMethod } from '../../domain/collections/collections.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { lockCustomers, openInvoices } from './ledger.repository.ts';
import { announcePayments, writeReceipt } from './ledger.service.ts';
import * as repo from './reader.repository.ts';

export const noInvoiceReason = 'khách hàng chưa có hóa đơn phát hành còn nợ: chờ hóa đơn';

export interface PendingCollection extends repo.UnsettledCollection {
	/** Why it is not settled yet, or null when it can be settled now. */
	reason: string | null;
}

export async function pendingCollections(
	db: Database,
	user: SessionUser,
	f: { remittanceId?: number; periodId?: number } = {}
): Promise<PendingCollection[]> {
	const rows = await repo.unsettledCollections(db, { ...f, routeIds: user.routeIds });
	const owing = new Set(
		(await openInvoices(db, [...new Set(rows.map((r) => r.customerId))]))
			.filter((i) => i.totalVnd > i.paidVnd)
			.map((i) => i.customerId)
	);
	return rows.map((r) => ({ ...r, reason: owing.has(r.customerId) ? null : noInvoiceReason }));
}

export interface Settlement {
	settled: { collectionId: number; receiptNumber: string }[];
	pending: PendingCollection[];
	alreadySettled: number[];
}

export async function settleCollections(
	db: Database,
	user: SessionUser,
	f: { remittanceId?: number; periodId?: number } = {}
): Promise<Settlement> {
	const result: Settlement = { settled: [], pending: [], alreadySettled: [] };
	const routes: (number | null)[] = [];
	for (const c of await pendingCollections(db, user, f)) {
		if (c.reason) {
			result.pending.push(c);
			continue;
		}
		try {
			const receipt = await db.transaction().execute(async (trx) => {
				// Checked again under the customer's lock: another cashier may have settled it, or
				// another payment paid everything.
				await lockCustomers(trx, [c.customerId]);
				if (await repo.isSettled(trx, c.id)) return 'settled' as const;
				const open = await openInvoices(trx, [c.customerId]);
				if (!open.some((i) => i.totalVnd > i.paidVnd)) return null;
				return writeReceipt(trx, user.id, {
					customerId: c.customerId,
					method: 'reader_collection',
					amountVnd: c.amountVnd,
					receivedAt: c.collectedAt,
					cashierId: user.id,
					provisionalCollectionId: c.id,
					reference: c.remittanceNumber,
					note: `${c.readerName} thu (${methodNamesVi[c.method as PaymentMethod] ?? c.method})`
				});
			});
			if (receipt === 'settled') result.alreadySettled.push(c.id);
			else if (receipt) {
				result.settled.push({ collectionId: c.id, receiptNumber: receipt.number });
				routes.push(c.routeId);
			} else result.pending.push({ ...c, reason: noInvoiceReason });
		} catch (err) {
			if ((err as { code?: string }).code !== '23505') throw err;
			result.alreadySettled.push(c.id);
		}
	}
	if (result.settled.length > 0) announcePayments(routes, { settled: result.settled.length });
	return result;
}
