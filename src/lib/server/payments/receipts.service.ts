/**
 * Payment receipts (phiếu thu): the filtered list, one receipt with the invoices it paid (its
 * print view), and voiding with a reason, which takes the money back off the invoices (status
 * 'issued' again where no longer covered) and frees a bank line it settled for review. Scoped
 * viewers see their routes' customers only.
 */
import { vndInWords } from '../../domain/collections/amount-words.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { releaseLineOfReceipt } from './bank.repository.ts';
import * as ledger from './ledger.repository.ts';
import { announcePayments } from './ledger.service.ts';
import { PaymentError, type ReceiptFilterInput } from './payments.schemas.ts';
import { inScope, type Clock } from './record.service.ts';
import * as repo from './receipts.repository.ts';

export async function receiptList(
	db: Database,
	user: SessionUser,
	f: ReceiptFilterInput,
	clock: Clock = {}
) {
	const today = utilityDate(clock.now ?? new Date());
	const from = f.from ?? `${today.slice(0, 8)}01`;
	const to = f.to ?? today;
	if (from > to) throw new PaymentError(400, 'to', 'đến ngày phải sau hoặc bằng từ ngày');
	const [rows, cashiers] = await Promise.all([
		repo.listReceipts(db, {
			from,
			to,
			method: f.method || undefined,
			cashierId: f.cashier || undefined,
			customer: f.customer ?? undefined,
			routeIds: user.routeIds
		}),
		repo.receiptCashiers(db)
	]);
	const valid = rows.filter((r) => r.status === 'valid');
	return {
		filter: { ...f, from, to },
		rows,
		cashiers,
		totalVnd: valid.reduce((s, r) => s + r.amountVnd, 0)
	};
}

/** One receipt with what it paid; 404 when unknown or outside the viewer's routes. */
export async function receiptDetail(db: Database, user: SessionUser, id: number) {
	const receipt = await repo.findReceipt(db, id);
	if (!receipt || !inScope(user, receipt.routeId))
		throw new PaymentError(404, 'id', `không tìm thấy phiếu thu ${id}`);
	const [payments, seller] = await Promise.all([repo.receiptPayments(db, id), repo.seller(db)]);
	return { receipt, payments, seller, amountWords: vndInWords(receipt.amountVnd) };
}

export async function voidReceipt(
	db: Database,
	user: SessionUser,
	id: number,
	reason: string,
	clock: Clock = {}
): Promise<repo.ReceiptRow> {
	const now = clock.now ?? new Date();
	const receipt = await db.transaction().execute(async (trx) => {
		const seen = await repo.findReceipt(trx, id);
		if (!seen || !inScope(user, seen.routeId))
			throw new PaymentError(404, 'id', `không tìm thấy phiếu thu ${id}`);
		await ledger.lockCustomers(trx, [seen.customerId]);
		const row = await repo.lockReceipt(trx, id);
		if (row.status === 'void')
			throw new PaymentError(409, 'id', `phiếu thu ${seen.number} đã bị hủy trước đó`);
		const payments = await ledger.paymentsOf(trx, id);
		for (const p of payments) await ledger.addPaid(trx, p.invoiceId, -p.amountVnd);
		await repo.markVoid(trx, id, { reason, by: user.id, at: now });
		const line = await releaseLineOfReceipt(trx, id, `phiếu thu ${seen.number} đã hủy: ${reason}`);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'receipt',
			entityId: id,
			action: 'receipt.void',
			oldValues: { status: 'valid', payments },
			newValues: { status: 'void', void_reason: reason, bank_line_id: line ?? null }
		});
		return (await repo.findReceipt(trx, id))!;
	});
	announcePayments([receipt.routeId], { receiptId: id, customerId: receipt.customerId });
	return receipt;
}
