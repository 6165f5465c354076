/**
 * The billing reports as spreadsheets, Vietnamese headers, integer VND ('#,##0') and m³
 * ('#,##0.000') cells. The summary and receipts sheets hold grouped rows (a few hundred at
 * most); the ageing export streams every debtor from a database cursor.
 */
import type { Writable } from 'node:stream';
import { addAgeing, ageingBuckets, emptyBuckets } from '../../domain/billing-reports/ageing.ts';
import {
	receiptMethodNamesVi,
	receiptMethods,
	type ReceiptLine
} from '../../domain/billing-reports/receipts.ts';
import type { SummaryFigures } from '../../domain/billing-reports/summary.ts';
import type { Debtor } from './ageing.repository.ts';
import type { AgeingReport, ReceiptsReport, SummaryReport } from './billing-reports.service.ts';
import {
	boldRow,
	countFormat,
	excelDay,
	m3Format,
	reportSheet,
	reportWorkbook,
	vndFormat,
	type Column
} from './xlsx-sheet.ts';

const money = (header: string, width = 16): Column => ({ header, width, numFmt: vndFormat });
const count = (header: string, width = 12): Column => ({ header, width, numFmt: countFormat });
const compact = (day: string) => day.replaceAll('-', '');

export const summaryFileName = (periodMonth: string) =>
	`tong-hop-hoa-don-${compact(periodMonth).slice(0, 6)}.xlsx`;
export const ageingFileName = (asOf: string) => `tuoi-no-${compact(asOf)}.xlsx`;
export const receiptsFileName = (from: string, to: string) =>
	`thu-tien-theo-hinh-thuc-${compact(from)}-${compact(to)}.xlsx`;

export const summaryColumns: Column[] = [
	{ header: 'Mã tuyến', width: 12 },
	{ header: 'Tên tuyến', width: 28 },
	{ header: 'Đối tượng giá', width: 16 },
	count('Số hóa đơn'),
	count('Số hóa đơn điều chỉnh'),
	{ header: 'Sản lượng (m³)', width: 16, numFmt: m3Format },
	money('Tiền nước (đồng)'),
	money('Thuế GTGT tiền nước (đồng)'),
	money('Phí bảo vệ môi trường (đồng)'),
	money('Phí thoát nước (đồng)'),
	money('Thuế GTGT phí thoát nước (đồng)'),
	money('Tổng cộng (đồng)', 18)
];

const figures = (f: SummaryFigures) => [
	f.invoices,
	f.adjustments,
	f.consumptionM3,
	f.waterVnd,
	f.vatVnd,
	f.envFeeVnd,
	f.drainageVnd,
	f.drainageVatVnd,
	f.totalVnd
];

export async function writeSummaryXlsx(report: SummaryReport, out: Writable): Promise<void> {
	const workbook = reportWorkbook(out);
	const month = report.period ? report.period.periodMonth.slice(0, 7) : '';
	const sheet = reportSheet(workbook, `Tổng hợp HĐ ${month}`.trim(), summaryColumns);
	for (const route of report.routes) {
		for (const c of route.categories)
			sheet
				.addRow([route.routeCode ?? '—', route.routeName, c.categoryCode ?? '—', ...figures(c)])
				.commit();
		boldRow(sheet, [route.routeCode ?? '—', 'Cộng tuyến', null, ...figures(route.subtotal)]);
	}
	boldRow(sheet, ['Tổng cộng', null, null, ...figures(report.total)]);
	sheet.commit();
	await workbook.commit();
}

const bucketColumns = ageingBuckets.map((b) => money(`${b.vi} (đồng)`, 18));

/** The per-route sheet, then every debtor (of one route when `debtors` is filtered so). */
export async function writeAgeingXlsx(
	report: AgeingReport,
	debtors: AsyncIterable<Debtor>,
	out: Writable
): Promise<number> {
	const workbook = reportWorkbook(out);
	const routes = reportSheet(workbook, 'Tuổi nợ theo tuyến', [
		{ header: 'Mã tuyến', width: 12 },
		{ header: 'Tên tuyến', width: 28 },
		count('Số khách hàng nợ', 14),
		...bucketColumns,
		money('Tổng nợ (đồng)', 18)
	]);
	const buckets = (a: typeof report.total.amounts) => ageingBuckets.map((b) => a[b.key]);
	for (const r of report.routes)
		routes
			.addRow([r.routeCode ?? '—', r.routeName, r.customers, ...buckets(r.amounts), r.total])
			.commit();
	boldRow(routes, [
		`Tổng cộng đến ngày ${report.asOf}`,
		null,
		report.total.customers,
		...buckets(report.total.amounts),
		report.total.total
	]);
	routes.commit();

	const list = reportSheet(workbook, 'Khách hàng nợ', [
		{ header: 'Mã tuyến', width: 12 },
		{ header: 'Mã khách hàng', width: 14 },
		{ header: 'Tên khách hàng', width: 30 },
		{ header: 'Địa chỉ', width: 40 },
		{ header: 'Kỳ nợ cũ nhất', width: 12 },
		...bucketColumns,
		money('Tổng nợ (đồng)', 18)
	]);
	// Running totals: the list's own foot, added as the rows stream past.
	let sum = { customers: 0, amounts: emptyBuckets(), total: 0 };
	for await (const d of debtors) {
		if (out.destroyed) break;
		list
			.addRow([
				d.routeCode ?? '—',
				d.customerCode,
				d.customerName,
				d.address,
				d.oldestPeriod ? `${d.oldestPeriod.slice(5, 7)}/${d.oldestPeriod.slice(0, 4)}` : null,
				...buckets(d.amounts),
				d.total
			])
			.commit();
		sum = addAgeing([sum, { customers: 1, amounts: d.amounts, total: d.total }]);
	}
	boldRow(list, [
		'Tổng cộng',
		`${sum.customers} khách hàng`,
		null,
		null,
		null,
		...buckets(sum.amounts),
		sum.total
	]);
	list.commit();
	await workbook.commit();
	return sum.customers;
}

export async function writeReceiptsXlsx(report: ReceiptsReport, out: Writable): Promise<void> {
	const workbook = reportWorkbook(out);
	const sheet = reportSheet(workbook, 'Thu tiền theo hình thức', [
		{ header: 'Ngày', width: 12, numFmt: 'dd/mm/yyyy' },
		...receiptMethods.flatMap((m) => [
			count(`${receiptMethodNamesVi[m]} – số phiếu`, 14),
			money(`${receiptMethodNamesVi[m]} (đồng)`, 18)
		]),
		count('Tổng số phiếu'),
		money('Tổng tiền (đồng)', 18),
		count('Phiếu đã hủy – số phiếu', 14),
		money('Phiếu đã hủy (đồng)', 16)
	]);
	const line = (l: ReceiptLine) => [
		...receiptMethods.flatMap((m) => [l.methods[m].count, l.methods[m].amountVnd]),
		l.total.count,
		l.total.amountVnd,
		l.voided.count,
		l.voided.amountVnd
	];
	for (const d of report.days) sheet.addRow([excelDay(d.day), ...line(d)]).commit();
	boldRow(sheet, [`Tổng cộng ${report.from} – ${report.to}`, ...line(report.total)]);
	sheet.commit();
	await workbook.commit();
}
