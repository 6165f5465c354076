/**
 * The review queue of bank lines the import could not match: the cashier names the customer
 * (the whole amount becomes a bank-transfer receipt applied oldest first; more than owed is
 * the customer's credit) or ignores the line with a note (a transfer that is not a water
 * payment). Only unmatched lines can be resolved; each change is audited.
 */
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as bank from './bank.repository.ts';
import { announcePayments, writeReceipt } from './ledger.service.ts';
import { PaymentError, type ReviewInput } from './payments.schemas.ts';
import type { Clock } from './record.service.ts';

/** Statements hold every route's customers: route-scoped staff see none of them. */
export async function reviewQueue(db: Database, user: SessionUser) {
	if (user.routeIds !== null) return { lines: [], statements: [] };
	const [lines, statements] = await Promise.all([bank.unmatchedLines(db), bank.listStatements(db)]);
	return { lines, statements };
}

export async function reviewLine(
	db: Database,
	user: SessionUser,
	lineId: number,
	input: ReviewInput,
	clock: Clock = {}
) {
	if (user.routeIds !== null)
		throw new PaymentError(403, 'id', 'tài khoản giới hạn theo tuyến không xử lý được sao kê');
	const now = clock.now ?? new Date();
	const done = await db.transaction().execute(async (trx) => {
		const line = await bank.lockLine(trx, lineId);
		if (!line) throw new PaymentError(404, 'id', `không tìm thấy dòng sao kê ${lineId}`);
		if (line.status !== 'unmatched')
			throw new PaymentError(409, 'id', `dòng sao kê ${lineId} đã được xử lý (${line.status})`);
		if (input.action === 'ignore') {
			await bank.resolveLine(trx, lineId, {
				status: 'ignored',
				customerId: null,
				receiptId: null,
				note: input.note,
				by: user.id,
				at: now
			});
			await audit(trx, user, lineId, 'bank_line.ignore', { note: input.note });
			await bank.recount(trx, line.statementId);
			return { routeId: null, receiptId: null };
		}
		const customer = await bank.customerByCode(trx, input.customerCode);
		if (!customer)
			throw new PaymentError(
				400,
				'customerCode',
				`mã khách hàng ${input.customerCode} không tồn tại`
			);
		const receipt = await writeReceipt(trx, user.id, {
			customerId: customer.id,
			method: 'bank_transfer',
			amountVnd: line.amountVnd!,
			receivedAt: new Date(`${line.bookedOn}T12:00:00+07:00`),
			cashierId: user.id,
			reference: line.bankRef ?? `SK${line.statementId}-${lineId}`,
			note: 'đối chiếu thủ công từ sao kê'
		});
		await bank.resolveLine(trx, lineId, {
			status: 'matched',
			customerId: customer.id,
			receiptId: receipt.receiptId,
			note: null,
			by: user.id,
			at: now
		});
		await audit(trx, user, lineId, 'bank_line.assign', {
			customer_code: customer.code,
			receipt_id: receipt.receiptId,
			credit_vnd: receipt.creditVnd
		});
		await bank.recount(trx, line.statementId);
		return { routeId: customer.routeId, receiptId: receipt.receiptId };
	});
	if (done.receiptId !== null) announcePayments([done.routeId], { receiptId: done.receiptId });
	return done;
}

const audit = (
	trx: Database,
	user: SessionUser,
	lineId: number,
	action: string,
	newValues: Record<string, unknown>
) =>
	writeAudit(trx, {
		actorId: user.id,
		entity: 'bank_statement_line',
		entityId: lineId,
		action,
		oldValues: { status: 'unmatched' },
		newValues: { status: action === 'bank_line.ignore' ? 'ignored' : 'matched', ...newValues }
	});
