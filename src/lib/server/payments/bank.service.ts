/**
 * Bank statement import (sao kê ngân hàng): every line of the uploaded sheet is stored, in one
 * transaction. A readable credit line whose description names one known customer code and
 * whose amount is what that customer owes (the whole balance, or one unpaid invoice) becomes
 * a bank-transfer receipt applied oldest first; other lines wait for review with the reason.
 * Unreadable lines are rejected with the reason and handed back as an annotated workbook.
 *
 * Paying twice is prevented per line, not per file: a line whose bank reference, booked date
 * and amount (the description instead of a missing reference) are already held by an earlier
 * line is stored as a duplicate naming that line. Re-uploading the same file, or a statement
 * overlapping an earlier one, therefore pays nothing twice; the file's sha-256 is kept to say
 * "this file was imported before" as well.
 */
import { createHash } from 'node:crypto';
import { dedupeKey, matchAmount, scanCustomerCode } from '../../domain/payments/bank-match.ts';
import { findBankHeader, readBankLine, type BankLineOk } from '../../domain/payments/bank-sheet.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as bank from './bank.repository.ts';
import { readStatement, rejectsWorkbook } from './bank-xlsx.ts';
import * as ledger from './ledger.repository.ts';
import { announcePayments, writeReceipt } from './ledger.service.ts';
import { PaymentError } from './payments.schemas.ts';
import type { Clock } from './record.service.ts';

type Outcome = Pick<bank.LineWrite, 'status' | 'reason' | 'customerId' | 'receiptId'>;

/** A bank transfer's receipt is dated at noon of its booked day in Hanoi. */
const bookedAt = (day: string) => new Date(`${day}T12:00:00+07:00`);

async function matchLine(
	trx: Database,
	user: SessionUser,
	statementId: number,
	line: BankLineOk
): Promise<Outcome & { routeId?: number | null }> {
	const unmatched = (reason: string, customerId: number | null = null): Outcome => ({
		status: 'unmatched',
		reason,
		customerId,
		receiptId: null
	});
	const scan = scanCustomerCode(line.description);
	if (scan.kind === 'none')
		return unmatched('không tìm thấy mã khách hàng (KH + 8 số) trong nội dung');
	if (scan.kind === 'many')
		return unmatched(`nội dung có nhiều mã khách hàng: ${scan.codes.join(', ')}`);
	const customer = await bank.customerByCode(trx, scan.code);
	if (!customer) return unmatched(`mã khách hàng ${scan.code} không tồn tại`);
	await ledger.lockCustomers(trx, [customer.id]);
	const [balance, open] = await Promise.all([
		ledger.customerBalances(trx, [customer.id]),
		ledger.openInvoices(trx, [customer.id])
	]);
	const amount = matchAmount(
		line.amountVnd,
		balance.get(customer.id)!.balanceVnd,
		open.map((i) => i.totalVnd - i.paidVnd)
	);
	if (!amount.ok) return unmatched(amount.reason, customer.id);
	const receipt = await writeReceipt(trx, user.id, {
		customerId: customer.id,
		method: 'bank_transfer',
		amountVnd: line.amountVnd,
		receivedAt: bookedAt(line.bookedOn),
		cashierId: user.id,
		reference: line.bankRef ?? `SK${statementId}-${line.rowNo}`,
		note: line.description?.slice(0, 500) ?? null
	});
	return {
		status: 'matched',
		reason: null,
		customerId: customer.id,
		receiptId: receipt.receiptId,
		routeId: customer.routeId
	};
}

export interface ImportedStatement {
	statement: bank.StatementRow;
	/** Earlier statements uploaded from the very same file. */
	sameFileAs: number[];
}

export async function importStatement(
	db: Database,
	user: SessionUser,
	file: { name: string; bytes: Uint8Array },
	clock: Clock = {}
): Promise<ImportedStatement> {
	if (user.routeIds !== null)
		throw new PaymentError(
			403,
			'file',
			'sao kê ngân hàng gồm khách hàng mọi tuyến: tài khoản giới hạn theo tuyến không nhập được'
		);
	const { rows } = await readStatement(file.bytes);
	const found = findBankHeader(rows.map((r) => r.cells));
	if (!found)
		throw new PaymentError(
			400,
			'file',
			'không tìm thấy dòng tiêu đề có cột ngày giao dịch và cột số tiền (ghi có) trong 30 dòng đầu'
		);
	const headerTexts = rows[found.rowIndex].cells.map((c) => (typeof c === 'string' ? c : null));
	const sha256 = createHash('sha256').update(file.bytes).digest('hex');
	const now = clock.now ?? new Date();
	const routes: (number | null)[] = [];
	const result = await db.transaction().execute(async (trx) => {
		await bank.lockImports(trx);
		const sameFileAs = await bank.statementsBySha(trx, sha256);
		const statementId = await bank.insertStatement(trx, {
			fileName: file.name.slice(0, 255) || 'sao-ke.xlsx',
			sha256,
			uploadedBy: user.id,
			uploadedAt: now
		});
		for (const row of rows.slice(found.rowIndex + 1)) {
			const line = readBankLine(row.rowNo, row.cells, found.header, headerTexts);
			const raw = {
				header: headerTexts,
				cells: row.cells,
				...(line.ok ? {} : { errors: line.errors })
			};
			if (!line.ok) {
				await bank.insertLine(trx, {
					statementId,
					rowNo: row.rowNo,
					bookedOn: null,
					amountVnd: null,
					description: null,
					bankRef: null,
					raw,
					status: 'rejected',
					reason: line.errors
						.map((e) => `${e.column}: ${e.reason}`)
						.join('; ')
						.slice(0, 500),
					dedupeKey: null,
					customerId: null,
					receiptId: null
				});
				continue;
			}
			const key = dedupeKey(line);
			const earlier = await bank.lineByDedupeKey(trx, key);
			const outcome: Outcome & { routeId?: number | null } = earlier
				? {
						status: 'duplicate',
						reason: `trùng giao dịch đã nhập: sao kê #${earlier.statementId}, dòng ${earlier.rowNo}`,
						customerId: null,
						receiptId: null
					}
				: await matchLine(trx, user, statementId, line);
			if (outcome.routeId !== undefined) routes.push(outcome.routeId);
			await bank.insertLine(trx, {
				statementId,
				rowNo: line.rowNo,
				bookedOn: line.bookedOn,
				amountVnd: line.amountVnd,
				description: line.description,
				bankRef: line.bankRef,
				raw,
				status: outcome.status,
				reason: outcome.reason,
				dedupeKey: key,
				customerId: outcome.customerId,
				receiptId: outcome.receiptId
			});
		}
		await bank.recount(trx, statementId);
		const statement = (await bank.findStatement(trx, statementId))!;
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'bank_statement',
			entityId: statementId,
			action: 'bank_statement.import',
			newValues: {
				file_name: statement.fileName,
				file_sha256: sha256,
				total: statement.totalLines,
				matched: statement.matchedLines,
				unmatched: statement.unmatchedLines,
				rejected: statement.rejectedLines,
				duplicate: statement.duplicateLines
			}
		});
		return { statement, sameFileAs };
	});
	if (result.statement.matchedLines > 0)
		announcePayments(routes, { statementId: result.statement.id });
	return result;
}

export async function statementDetail(db: Database, user: SessionUser, id: number) {
	const statement = user.routeIds === null ? await bank.findStatement(db, id) : undefined;
	if (!statement) throw new PaymentError(404, 'id', `không tìm thấy sao kê ${id}`);
	return { statement, lines: await bank.statementLines(db, id) };
}

/** The rejected lines of a statement as an annotated workbook (null when there are none). */
export async function statementRejects(
	db: Database,
	user: SessionUser,
	id: number
): Promise<Buffer | null> {
	await statementDetail(db, user, id);
	const rows = await bank.rejectedLines(db, id);
	if (rows.length === 0) return null;
	return rejectsWorkbook(
		rows.map((r) => ({
			rowNo: r.rowNo,
			header: (r.raw.header ?? []) as (string | null)[],
			cells: r.raw.cells ?? [],
			errors: (r.raw as { errors?: { column: string; reason: string }[] }).errors ?? []
		}))
	);
}
