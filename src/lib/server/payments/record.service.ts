/**
 * Recording payments per route and period (thu tiền theo tuyến): the sheet of the route's
 * billed customers with what they owe (this period, debt carried forward, credit), and one
 * submission that writes one receipt per customer, all in one transaction (a bad row writes
 * nothing and names the customer code and field). A submission carries a client key: sent
 * again (a double click, a retry), it answers with the receipts it made and pays nothing twice.
 */
import { checkAmount } from '../../domain/collections/collections.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import { recentPeriods, routesInScope } from '../collections/cashier.repository.ts';
import type { Database } from '../db/connection.ts';
import { customerBalances, lockCustomers } from './ledger.repository.ts';
import { announcePayments, applyCredit, writeReceipt } from './ledger.service.ts';
import { PaymentError, type RecordInput } from './payments.schemas.ts';
import * as recordRepo from './record.repository.ts';
import * as receipts from './receipts.repository.ts';

export interface Clock {
	now?: Date;
}

export const inScope = (user: SessionUser, routeId: number | null) =>
	user.routeIds === null || (routeId !== null && user.routeIds.includes(routeId));

function checkRoute(user: SessionUser, routeId: number): void {
	if (!inScope(user, routeId))
		throw new PaymentError(404, 'routeId', `tuyến ${routeId} không thuộc phạm vi của bạn`);
}

export interface SheetRow extends recordRepo.RouteInvoiceRow {
	/** This period's invoices still owed, VND. */
	outstandingVnd: number;
	/** Money on receipts not applied yet, VND. */
	creditVnd: number;
	/** What paying in full takes now: everything owed (any period) minus credit, VND (≥ 0). */
	dueVnd: number;
}

/** The filter choices and, once a period and route are chosen, the route's sheet. */
export async function recordSheet(
	db: Database,
	user: SessionUser,
	choice: { period?: number; route?: number }
) {
	const [periods, routes] = await Promise.all([
		recentPeriods(db),
		routesInScope(db, user.routeIds)
	]);
	const periodId = choice.period ?? periods.find((p) => p.status === 'locked')?.id;
	const routeId = choice.route;
	if (routeId === undefined || periodId === undefined)
		return { periods, routes, periodId: periodId ?? null, routeId: null, rows: [] };
	checkRoute(user, routeId);
	const invoices = await recordRepo.routeInvoices(db, periodId, routeId);
	const balances = await customerBalances(
		db,
		invoices.map((r) => r.customerId)
	);
	const rows: SheetRow[] = invoices.map((r) => {
		const b = balances.get(r.customerId)!;
		const outstandingVnd = r.totalVnd - r.paidVnd;
		return {
			...r,
			outstandingVnd,
			creditVnd: b.creditVnd,
			dueVnd: Math.max(b.balanceVnd, 0)
		};
	});
	return { periods, routes, periodId, routeId, rows };
}

/** A receipt date: today means now; an earlier day means its noon in Hanoi. Never the future. */
export function receivedAtOf(day: string, now: Date): Date {
	const today = utilityDate(now);
	if (day > today) throw new PaymentError(400, 'receivedOn', 'ngày thu không được ở tương lai');
	if (day < '2000-01-01') throw new PaymentError(400, 'receivedOn', 'ngày thu không hợp lệ');
	return day === today ? now : new Date(`${day}T12:00:00+07:00`);
}

export interface RecordedPayments {
	receipts: receipts.ReceiptRow[];
	replayed: boolean;
}

export async function recordPayments(
	db: Database,
	user: SessionUser,
	input: RecordInput,
	clock: Clock = {}
): Promise<RecordedPayments> {
	const now = clock.now ?? new Date();
	checkRoute(user, input.routeId);
	const seen = await receipts.receiptsByClientKey(db, input.clientKey);
	if (seen.length > 0) return { receipts: seen, replayed: true };
	const receivedAt = receivedAtOf(input.receivedOn, now);
	const ids = input.rows.map((r) => r.customerId);
	if (new Set(ids).size !== ids.length)
		throw new PaymentError(400, 'rows', 'một khách hàng chỉ được có một dòng trong lần thu');
	try {
		const made = await db.transaction().execute(async (trx) => {
			// Every customer of the submission at once, in id order: two cashiers paying
			// overlapping rows queue instead of deadlocking.
			await lockCustomers(trx, ids);
			const billed = new Map(
				(await recordRepo.billedCustomers(trx, input.periodId, input.routeId, ids)).map((c) => [
					c.id,
					c.code
				])
			);
			const written: number[] = [];
			for (const [i, row] of input.rows.entries()) {
				const code = billed.get(row.customerId);
				if (!code)
					throw new PaymentError(
						400,
						`rows[${i}].customerId`,
						`khách hàng ${row.customerId} không có hóa đơn của tuyến trong kỳ này`
					);
				const amountVnd = await rowAmount(trx, code, row);
				const receipt = await writeReceipt(trx, user.id, {
					customerId: row.customerId,
					method: input.method,
					amountVnd,
					receivedAt,
					cashierId: user.id,
					reference: input.reference,
					clientKey: input.clientKey
				});
				written.push(receipt.receiptId);
			}
			return written;
		});
		const rows = await receipts.receiptsByClientKey(db, input.clientKey);
		announcePayments([input.routeId], { routeId: input.routeId, receipts: made.length });
		return { receipts: rows, replayed: false };
	} catch (err) {
		// The same key submitted twice at once: the loser answers with the winner's receipts.
		if ((err as { code?: string }).code === '23505') {
			const winner = await receipts.receiptsByClientKey(db, input.clientKey);
			if (winner.length > 0) return { receipts: winner, replayed: true };
		}
		throw err;
	}
}

/**
 * The amount of one row: "paid in full" is what the customer owes now net of credit (the
 * receipt applies older credit before its own money); else the typed amount.
 */
async function rowAmount(
	trx: Database,
	code: string,
	row: RecordInput['rows'][number]
): Promise<number> {
	if (row.full) {
		const due = (await customerBalances(trx, [row.customerId])).get(row.customerId)!.balanceVnd;
		if (due <= 0)
			throw new PaymentError(409, `${code}.full`, `khách hàng ${code} không còn nợ: không cần thu`);
		return due;
	}
	const checked = checkAmount(row.amount);
	if (!checked.ok) throw new PaymentError(400, `${code}.amount`, `${code}: ${checked.reason}`);
	return checked.amountVnd;
}

/** Applies the credit of the route's customers to what they owe (after new invoices). */
export async function applyRouteCredits(
	db: Database,
	user: SessionUser,
	periodId: number,
	routeId: number
): Promise<{ customers: number; appliedVnd: number }> {
	checkRoute(user, routeId);
	const result = await db.transaction().execute(async (trx) => {
		const ids = (await recordRepo.routeInvoices(trx, periodId, routeId)).map((r) => r.customerId);
		const balances = await customerBalances(trx, ids);
		let customers = 0;
		let appliedVnd = 0;
		for (const id of ids) {
			const b = balances.get(id)!;
			if (b.creditVnd <= 0 || b.outstandingVnd <= 0) continue;
			const applied = await applyCredit(trx, user.id, id);
			if (applied.allocations.length === 0) continue;
			customers++;
			appliedVnd += applied.allocations.reduce((s, a) => s + a.amountVnd, 0);
		}
		return { customers, appliedVnd };
	});
	if (result.customers > 0) announcePayments([routeId], { routeId });
	return result;
}
