/**
 * Changes to issued invoices: a void (with its reason; refused while valid payments stand on
 * it), an adjustment invoice (the signed difference to a corrected consumption re-quoted with
 * the same tariff function, or a manual correction of the amounts), numbered and issued at
 * once, and a reprint (the copy counter). Each write and its audit entry share a transaction;
 * screens hear 'invoice:changed' after the commit.
 */
import {
	difference,
	isEmpty,
	standingBill,
	totalOf,
	type BillAmounts
} from '../../domain/invoices/adjustment.ts';
import { quote } from '../../domain/tariff/quote.ts';
import { TariffCaseError } from '../../domain/tariff/tariff.schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { scheduleCases } from '../tariffs/tariffs.repository.ts';
import * as issueRepo from './issue.repository.ts';
import { inScope, numbered, numberingFor, publishInvoices } from './issue.service.ts';
import * as repo from './invoices.repository.ts';
import { InvoiceError, type AdjustInput } from './invoices.schemas.ts';

type Trx = Parameters<Parameters<ReturnType<Database['transaction']>['execute']>[0]>[0];

/** The invoice, locked, when the clerk may see it; a 404 otherwise. */
async function lockedInScope(trx: Trx, user: SessionUser, id: number) {
	const head = await repo.invoiceHead(trx, id, true);
	if (!head || !inScope(user, head.routeId))
		throw new InvoiceError(404, 'id', `không tìm thấy hóa đơn ${id} trong tuyến của bạn`);
	return head;
}

const amountsOf = (h: BillAmounts): BillAmounts => ({
	consumptionM3: h.consumptionM3,
	waterVnd: h.waterVnd,
	vatVnd: h.vatVnd,
	envFeeVnd: h.envFeeVnd,
	drainageVnd: h.drainageVnd,
	drainageVatVnd: h.drainageVatVnd
});

export async function voidInvoice(db: Database, user: SessionUser, id: number, reason: string) {
	const head = await db.transaction().execute(async (trx) => {
		const h = await lockedInScope(trx, user, id);
		if (h.status === 'cancelled')
			throw new InvoiceError(409, 'status', 'hóa đơn đã bị hủy trước đó');
		if (h.status === 'draft')
			throw new InvoiceError(
				409,
				'status',
				'hóa đơn nháp chưa phát hành: không cần hủy (lập lại hóa đơn sẽ thay nó)'
			);
		const paid = await repo.validPaymentsVnd(trx, id);
		if (paid > 0)
			throw new InvoiceError(
				409,
				'payments',
				`hóa đơn đã có thanh toán ${paid.toLocaleString('vi-VN')} đ: hãy hoàn tiền hoặc hủy các phiếu thu trước`
			);
		const live = (await repo.adjustmentsOf(trx, id)).filter((a) => a.status !== 'cancelled');
		if (live.length > 0)
			throw new InvoiceError(
				409,
				'adjustments',
				'hóa đơn có hóa đơn điều chỉnh còn hiệu lực: hãy hủy chúng trước'
			);
		await repo.voidInvoice(trx, id, user.id);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'invoice',
			entityId: id,
			action: 'invoice.void',
			oldValues: { status: h.status },
			newValues: { status: 'cancelled', reason }
		});
		return h;
	});
	publishInvoices({ invoiceId: id }, [head.routeId]);
}

/** The corrected bill re-quoted from the original's category, units and billed days. */
async function corrected(trx: Trx, h: repo.InvoiceHead, consumptionM3: number) {
	if (!h.categoryCode || !h.fromDate || !h.toDate)
		throw new InvoiceError(
			409,
			'mode',
			'hóa đơn gốc không có đủ đối tượng giá và ngày tính: hãy điều chỉnh theo số tiền'
		);
	const stored = await scheduleCases(trx);
	try {
		const q = quote({
			schedules: stored.map((s) => s.schedule),
			customer: {
				category: h.categoryCode,
				households: h.households ?? 1,
				persons: h.persons ?? 0
			},
			previousReadingOn: h.fromDate,
			currentReadingOn: h.toDate,
			consumption: consumptionM3
		});
		const used = new Set(q.lines.map((l) => l.scheduleId));
		return {
			quote: q,
			scheduleIds: stored.filter((s) => used.has(s.schedule.id)).map((s) => s.rowId),
			amounts: {
				consumptionM3,
				waterVnd: q.water,
				vatVnd: q.vat,
				envFeeVnd: q.envFee,
				drainageVnd: q.drainage,
				drainageVatVnd: q.drainageVat
			}
		};
	} catch (err) {
		if (err instanceof TariffCaseError)
			throw new InvoiceError(422, 'consumptionM3', `${err.field}: ${err.reason}`);
		throw err;
	}
}

export async function adjustInvoice(
	db: Database,
	user: SessionUser,
	id: number,
	input: AdjustInput
) {
	const n = await numberingFor(db, user);
	const result = await numbered(n.series, () =>
		db.transaction().execute(async (trx) => {
			const h = await lockedInScope(trx, user, id);
			if (h.kind !== 'regular')
				throw new InvoiceError(
					409,
					'kind',
					'chỉ điều chỉnh hóa đơn gốc, không điều chỉnh hóa đơn điều chỉnh'
				);
			if (h.status !== 'issued' && h.status !== 'paid')
				throw new InvoiceError(
					409,
					'status',
					'chỉ điều chỉnh hóa đơn đã phát hành (không nháp, không đã hủy)'
				);
			const earlier = (await repo.adjustmentsOf(trx, id)).filter((a) => a.status !== 'cancelled');
			const heads = await Promise.all(earlier.map((a) => repo.invoiceHead(trx, a.id)));
			const standing = standingBill(
				amountsOf(h),
				heads.map((a) => amountsOf(a!))
			);
			let diff: BillAmounts;
			let scheduleIds = h.scheduleIds;
			let basis: Record<string, unknown>;
			if (input.mode === 'consumption') {
				const c = await corrected(trx, h, input.consumptionM3);
				diff = difference(c.amounts, standing);
				scheduleIds = c.scheduleIds;
				basis = { mode: 'consumption', before: standing, after: c.amounts, lines: c.quote.lines };
			} else {
				const { mode, reason: _reason, ...amounts } = input;
				diff = { consumptionM3: 0, ...amounts };
				basis = { mode, before: standing };
			}
			if (isEmpty(diff))
				throw new InvoiceError(409, 'mode', 'không có gì thay đổi: không lập hóa đơn điều chỉnh');
			const adjustmentId = await repo.insertAdjustment(trx, {
				original: h,
				...diff,
				reason: input.reason,
				scheduleIds
			});
			const issued = await issueRepo.issueDrafts(trx, { ids: [adjustmentId], routeIds: null }, n);
			if (issued.count !== 1)
				throw new InvoiceError(
					409,
					'periodId',
					'kỳ của hóa đơn chưa khóa: chưa phát hành được hóa đơn điều chỉnh'
				);
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'invoice',
				entityId: adjustmentId,
				action: 'invoice.adjustment',
				newValues: {
					original_id: id,
					reason: input.reason,
					difference: diff,
					total_vnd: totalOf(diff),
					...basis
				}
			});
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'invoice',
				entityId: id,
				action: 'invoice.adjust',
				newValues: {
					adjustment_id: adjustmentId,
					number: issued.first,
					series: n.series,
					reason: input.reason,
					total_vnd: totalOf(diff)
				}
			});
			return { id: adjustmentId, number: issued.first, series: n.series, routeId: h.routeId, diff };
		})
	);
	publishInvoices({ invoiceId: result.id, originalId: id }, [result.routeId]);
	return result;
}

/** Counts a reprint; the copy prints "Bản sao (in lại lần N)". Drafts are not counted. */
export async function reprintInvoice(db: Database, user: SessionUser, id: number): Promise<number> {
	return db.transaction().execute(async (trx) => {
		const h = await lockedInScope(trx, user, id);
		if (h.status === 'draft')
			throw new InvoiceError(409, 'status', 'hóa đơn nháp chưa có số: không in bản sao');
		const count = await repo.bumpPrintCount(trx, id);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'invoice',
			entityId: id,
			action: 'invoice.reprint',
			oldValues: { print_count: count - 1 },
			newValues: { print_count: count }
		});
		return count;
	});
}
