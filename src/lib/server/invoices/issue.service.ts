/**
 * Issuing invoices: one draft, or every issuable draft of a locked period (optionally one
 * route). A draft of a trial run, of a period that is not locked or of a route outside the
 * clerk's scope is refused with the reason. Numbers come from the series' yearly counter;
 * issued_on is today in Asia/Ho_Chi_Minh unless given, due_on issued_on + due_days. Screens
 * hear 'invoice:changed' after the commit.
 */
import {
	addDays,
	invoiceSeries,
	invoiceYear,
	MAX_INVOICE_NUMBER
} from '../../domain/invoices/numbering.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish } from '../realtime/publish.ts';
import * as issueRepo from './issue.repository.ts';
import * as repo from './invoices.repository.ts';
import { InvoiceError, type BulkIssueInput } from './invoices.schemas.ts';

export const inScope = (user: SessionUser, routeId: number | null) =>
	user.routeIds === null || (routeId !== null && user.routeIds.includes(routeId));

/** Screens that list invoices: the billing watchers, and each route's room for scoped clerks. */
export function publishInvoices(ids: Record<string, number>, routeIds: (number | null)[]) {
	const routes = new Set(routeIds.filter((r) => r !== null));
	publish(['watch:billing', ...[...routes].map((r) => `route:${r}`)], {
		type: 'invoice:changed',
		ids
	});
}

/** The numbering of an issue on `issuedOn` (defaults to today in the utility's zone). */
export async function numberingFor(db: Database, user: SessionUser, issuedOn?: string) {
	const day = issuedOn ?? utilityDate();
	const settings = await repo.billingSettings(db);
	return {
		series: invoiceSeries(settings.series_prefix, day, settings.series_suffix),
		year: invoiceYear(day),
		issuedOn: day,
		dueOn: addDays(day, settings.due_days),
		actorId: user.id
	};
}

/** The counter's check (≤ 99 999 999 per series and year) becomes a clear refusal. */
export async function numbered<T>(series: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (err) {
		const e = err as { code?: string; constraint_name?: string; constraint?: string };
		if (e.code === '23514' && (e.constraint_name ?? e.constraint ?? '').includes('invoice_counter'))
			throw new InvoiceError(
				409,
				'number',
				`ký hiệu ${series} đã hết số trong năm (tối đa ${MAX_INVOICE_NUMBER.toLocaleString('vi-VN')} hóa đơn): không phát hành được`
			);
		throw err;
	}
}

/** Why one invoice cannot be issued, or nothing when it can. */
function refusalFor(user: SessionUser, head: repo.InvoiceHead | undefined, id: number) {
	if (!head || !inScope(user, head.routeId))
		return new InvoiceError(404, 'id', `không tìm thấy hóa đơn ${id} trong tuyến của bạn`);
	if (head.status !== 'draft')
		return new InvoiceError(
			409,
			'status',
			'hóa đơn đã được phát hành hoặc đã hủy: không phát hành lại'
		);
	if (head.trial)
		return new InvoiceError(
			409,
			'trial',
			'hóa đơn của lần lập thử (kỳ chưa khóa) không bao giờ được phát hành'
		);
	if (head.periodStatus !== 'locked')
		return new InvoiceError(
			409,
			'periodId',
			'kỳ ghi chỉ số chưa khóa: chưa phát hành được hóa đơn'
		);
	return null;
}

export async function issueOne(db: Database, user: SessionUser, id: number, issuedOn?: string) {
	const n = await numberingFor(db, user, issuedOn);
	const result = await numbered(n.series, () =>
		db.transaction().execute(async (trx) => {
			const head = await repo.invoiceHead(trx, id, true);
			const refusal = refusalFor(user, head, id);
			if (refusal) throw refusal;
			return {
				head: head!,
				issued: await issueRepo.issueDrafts(trx, { ids: [id], routeIds: user.routeIds }, n)
			};
		})
	);
	publishInvoices({ invoiceId: id }, [result.head.routeId]);
	return { ...result.issued, series: n.series };
}

export async function issueBulk(db: Database, user: SessionUser, input: BulkIssueInput) {
	const period = await repo.periodById(db, input.periodId);
	if (!period) throw new InvoiceError(404, 'periodId', `không có kỳ ${input.periodId}`);
	if (period.status !== 'locked')
		throw new InvoiceError(409, 'periodId', 'kỳ ghi chỉ số chưa khóa: chưa phát hành được hóa đơn');
	if (input.routeId !== undefined && !inScope(user, input.routeId))
		throw new InvoiceError(403, 'routeId', `tuyến ${input.routeId} không thuộc phạm vi của bạn`);
	const n = await numberingFor(db, user, input.issuedOn);
	const selection = { periodId: input.periodId, routeId: input.routeId, routeIds: user.routeIds };
	const issued = await numbered(n.series, () =>
		db.transaction().execute((trx) => issueRepo.issueDrafts(trx, selection, n))
	);
	if (issued.count === 0) {
		const trial = await issueRepo.countTrialDrafts(db, selection);
		throw new InvoiceError(
			409,
			'periodId',
			trial > 0
				? `chỉ có ${trial} hóa đơn lập thử (không phát hành được): hãy lập hóa đơn chính thức cho kỳ đã khóa`
				: 'không có hóa đơn nháp nào để phát hành'
		);
	}
	publishInvoices(
		{ periodId: input.periodId, count: issued.count },
		input.routeId !== undefined ? [input.routeId] : (user.routeIds ?? [])
	);
	return { ...issued, series: n.series };
}
