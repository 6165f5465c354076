/**
 * Spreadsheets for the cashier, written with exceljs's streaming writer: the list of
 * provisional collections (straight from a database cursor) with totals by method at the
 * foot, and the totals of receipts by method and reader. Vietnamese headers; amounts are
 * integer VND cells with a grouped number format; times are shown in Asia/Ho_Chi_Minh.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
	methodNamesVi,
	paymentMethods,
	totalsByMethod,
	type MethodTotals,
	type PaymentMethod
} from '../../domain/collections/collections.ts';
import type { Database } from '../db/connection.ts';
import { streamCollections, type CollectionListFilter } from './cashier.repository.ts';
import type { receiptReport } from './cashier.service.ts';

const vndFormat = '#,##0';
/** Excel cells have no zone: write the wall-clock time in Hanoi (UTC+7, no daylight saving). */
const hanoiTime = (d: Date) => new Date(d.getTime() + 7 * 3_600_000);

type Column = { header: string; width: number; numFmt?: string };

function startSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]) {
	const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = columns.map((c, k) => ({
		key: `c${k}`,
		width: c.width,
		style: c.numFmt ? { numFmt: c.numFmt } : {}
	}));
	const header = sheet.addRow(columns.map((c) => c.header));
	header.font = { bold: true };
	header.commit();
	return sheet;
}

function newWorkbook(out: Writable) {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	workbook.creator = 'Waterline';
	return workbook;
}

const collectionColumns: Column[] = [
	{ header: 'Thời điểm thu', width: 18, numFmt: 'dd/mm/yyyy hh:mm' },
	{ header: 'Mã khách hàng', width: 14 },
	{ header: 'Tên khách hàng', width: 30 },
	{ header: 'Địa chỉ', width: 40 },
	{ header: 'Sổ đọc', width: 10 },
	{ header: 'Kỳ ghi', width: 9 },
	{ header: 'Nhân viên thu', width: 22 },
	{ header: 'Hình thức thanh toán', width: 18 },
	{ header: 'Số tiền (đồng)', width: 16, numFmt: vndFormat },
	{ header: 'Ghi chú', width: 30 },
	{ header: 'Số bảng kê', width: 16 },
	{ header: 'Số biên nhận', width: 16 }
];

export const collectionsFileName = (today: string) =>
	`thu-tien-tam-tinh-${today.replaceAll('-', '')}.xlsx`;
export const receiptsFileName = (from: string, to: string) =>
	`bien-nhan-${from.replaceAll('-', '')}-${to.replaceAll('-', '')}.xlsx`;

function totalRows(sheet: ExcelJS.Worksheet, totals: MethodTotals, amountColumn: number) {
	sheet.addRow([]).commit();
	for (const method of paymentMethods) {
		const row = new Array(amountColumn + 1).fill(null);
		row[amountColumn - 1] = `Cộng ${methodNamesVi[method].toLowerCase()}`;
		row[amountColumn] = totals[method];
		sheet.addRow(row).commit();
	}
	const all = new Array(amountColumn + 1).fill(null);
	all[amountColumn - 1] = 'Tổng cộng';
	all[amountColumn] = totals.total;
	const last = sheet.addRow(all);
	last.font = { bold: true };
	last.commit();
}

/** Returns the number of collections written. */
export async function writeCollectionsXlsx(
	db: Database,
	filter: CollectionListFilter,
	out: Writable
): Promise<number> {
	const workbook = newWorkbook(out);
	const sheet = startSheet(workbook, 'Thu tiền tạm tính', collectionColumns);
	const seen: { method: string; amountVnd: number }[] = [];
	for await (const r of streamCollections(db, filter)) {
		if (out.destroyed) break;
		sheet
			.addRow([
				hanoiTime(r.collectedAt),
				r.customerCode,
				r.customerName,
				r.address,
				r.routeCode,
				`${r.periodMonth.slice(5, 7)}/${r.periodMonth.slice(0, 4)}`,
				r.readerName,
				methodNamesVi[r.method as PaymentMethod] ?? r.method,
				r.amountVnd,
				r.note,
				r.remittanceNumber,
				r.receiptNo
			])
			.commit();
		seen.push({ method: r.method, amountVnd: r.amountVnd });
	}
	totalRows(sheet, totalsByMethod(seen), 8);
	sheet.commit();
	await workbook.commit();
	return seen.length;
}

/** The receipt totals of a range: per reader and method, then the receipts themselves. */
export async function writeReceiptsXlsx(
	report: Awaited<ReturnType<typeof receiptReport>>,
	out: Writable
): Promise<void> {
	const workbook = newWorkbook(out);
	const money = (header: string): Column => ({ header, width: 16, numFmt: vndFormat });
	const totals = startSheet(workbook, 'Tổng theo hình thức', [
		{ header: 'Nhân viên thu', width: 26 },
		...paymentMethods.map((m) => money(methodNamesVi[m])),
		money('Tổng cộng (đồng)'),
		{ header: 'Số khoản thu', width: 12 }
	]);
	const line = (name: string, t: MethodTotals) => [
		name,
		...paymentMethods.map((m) => t[m]),
		t.total,
		t.count
	];
	for (const r of report.readers) totals.addRow(line(r.readerName, r.totals)).commit();
	const all = totals.addRow(line(`Tổng cộng ${report.from} – ${report.to}`, report.totals));
	all.font = { bold: true };
	all.commit();
	totals.commit();
	const receipts = startSheet(workbook, 'Biên nhận', [
		{ header: 'Số biên nhận', width: 16 },
		{ header: 'Số bảng kê', width: 16 },
		{ header: 'Nhân viên thu', width: 26 },
		{ header: 'Thời điểm xác nhận', width: 18, numFmt: 'dd/mm/yyyy hh:mm' },
		money('Số tiền (đồng)')
	]);
	for (const r of report.receipts)
		receipts
			.addRow([
				r.receiptNo,
				r.number,
				r.readerName,
				r.confirmedAt ? hanoiTime(r.confirmedAt) : null,
				r.totalVnd
			])
			.commit();
	receipts.commit();
	await workbook.commit();
}
