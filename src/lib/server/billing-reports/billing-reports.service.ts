/**
 * The three billing reports (summary by route and category, debt ageing, receipts by method)
 * for the screen and the spreadsheets. Every query runs in the viewer's route scope; the
 * database groups the rows, the domain adds subtotals and totals.
 */
import { addAgeing } from '../../domain/billing-reports/ageing.ts';
import { pivotReceipts } from '../../domain/billing-reports/receipts.ts';
import { groupSummary } from '../../domain/billing-reports/summary.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import { routesInScope } from '../collections/cashier.repository.ts';
import type { Database } from '../db/connection.ts';
import * as ageing from './ageing.repository.ts';
import {
	BillingReportError,
	type AgeingFilter,
	type ReceiptsFilter,
	type SummaryFilter
} from './billing-reports.schemas.ts';
import { receiptGroups } from './receipts.repository.ts';
import { findPeriod, reportPeriods, summaryRows } from './summary.repository.ts';

type Viewer = Pick<SessionUser, 'routeIds'>;

/** Debtors listed on screen for one route; the spreadsheet lists all of them. */
export const DEBTORS_ON_SCREEN = 50;
/** The longest receipts range, in days (one year and a leap day). */
export const MAX_RECEIPT_DAYS = 366;

/** The periods and routes the filters offer. */
export async function reportChoices(db: Database, user: Viewer) {
	const [periods, routes] = await Promise.all([
		reportPeriods(db),
		routesInScope(db, user.routeIds)
	]);
	return { periods, routes };
}

export async function summaryReport(db: Database, user: Viewer, f: SummaryFilter) {
	let period: { id: number; periodMonth: string } | null;
	if (f.period !== undefined) {
		period = (await findPeriod(db, f.period)) ?? null;
		if (!period) throw new BillingReportError(404, 'period', `không có kỳ hóa đơn ${f.period}`);
	} else {
		// By default the newest period that has invoices, else the newest period.
		const periods = await reportPeriods(db);
		period = periods.find((p) => p.billed) ?? periods[0] ?? null;
	}
	const rows = period
		? await summaryRows(db, {
				periodId: period.id,
				includeDrafts: f.drafts,
				routeIds: user.routeIds,
				routeId: f.route
			})
		: [];
	return { period, drafts: f.drafts, route: f.route, ...groupSummary(rows) };
}
export type SummaryReport = Awaited<ReturnType<typeof summaryReport>>;

export async function ageingReport(
	db: Database,
	user: Viewer,
	f: AgeingFilter,
	now: Date = new Date()
) {
	const asOf = f.asOf ?? utilityDate(now);
	const q = { asOf, routeIds: user.routeIds };
	const routes = await ageing.ageingByRoute(db, q);
	const debtors =
		f.route === undefined
			? []
			: await ageing.topDebtors(db, { ...q, routeId: f.route }, DEBTORS_ON_SCREEN);
	return { asOf, route: f.route, routes, total: addAgeing(routes), debtors };
}
export type AgeingReport = Awaited<ReturnType<typeof ageingReport>>;

/** Every debtor of the viewer's scope (or of one route), streamed for the spreadsheet. */
export const streamDebtors = (db: Database, user: Viewer, asOf: string, routeId?: number) =>
	ageing.streamDebtors(db, { asOf, routeIds: user.routeIds, routeId });

/** The receipts range: the given days, by default the current month up to today. */
export function receiptsRange(f: ReceiptsFilter, now = new Date()) {
	const today = utilityDate(now);
	const from = f.from ?? `${(f.to ?? today).slice(0, 8)}01`;
	const to = f.to ?? (from > today ? from : today);
	if (from > to) throw new BillingReportError(400, 'to', 'đến ngày phải sau hoặc bằng từ ngày');
	const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
	if (days > MAX_RECEIPT_DAYS)
		throw new BillingReportError(400, 'to', `khoảng ngày tối đa ${MAX_RECEIPT_DAYS} ngày`);
	return { from, to };
}

export async function receiptsReport(
	db: Database,
	user: Viewer,
	f: ReceiptsFilter,
	now: Date = new Date()
) {
	const range = receiptsRange(f, now);
	const groups = await receiptGroups(db, { ...range, routeIds: user.routeIds, routeId: f.route });
	return { ...range, route: f.route, ...pivotReceipts(groups) };
}
export type ReceiptsReport = Awaited<ReturnType<typeof receiptsReport>>;
