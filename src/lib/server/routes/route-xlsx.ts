/**
 * A route as a field sheet (.xlsx): the customers in walking order with their meter serial
 * and last index, and an empty note column for the reader. Streamed with exceljs's writer:
 * rows are committed to the zip stream as they are written (a route is a few hundred
 * customers, so the rows themselves are read in one query).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RouteCustomer } from './routes.repository.ts';

export const routeSheetColumns: {
	header: string;
	width: number;
	numFmt?: string;
	value: (c: RouteCustomer) => string | number | null;
}[] = [
	{ header: 'STT', width: 7, value: (c) => c.seq },
	{ header: 'Mã KH', width: 13, value: (c) => c.code },
	{ header: 'Tên khách hàng', width: 30, value: (c) => c.name },
	{ header: 'Địa chỉ', width: 40, value: (c) => c.address },
	{ header: 'Số seri đồng hồ', width: 16, value: (c) => c.meterSerial },
	{
		header: 'Chỉ số kỳ trước',
		width: 14,
		numFmt: '#,##0.###',
		value: (c) => (c.previousIndex === null ? null : Number(c.previousIndex))
	},
	{ header: 'Điện thoại', width: 14, value: (c) => c.phone },
	{ header: 'Ghi chú', width: 30, value: () => null }
];

/** File name for a route's sheet: so-doc-<code>.xlsx, the code kept to safe characters. */
export function routeSheetFileName(code: string): string {
	return `so-doc-${code.replace(/[^A-Za-z0-9._-]/g, '_')}.xlsx`;
}

export async function writeRouteXlsx(
	route: { code: string; name: string },
	customers: Iterable<RouteCustomer>,
	out: Writable
): Promise<number> {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	workbook.creator = 'Waterline';
	// Sheet names: at most 31 characters, none of : \ / ? * [ ].
	const sheet = workbook.addWorksheet(route.code.replace(/[:\\/?*[\]]/g, '_').slice(0, 31), {
		views: [{ state: 'frozen', ySplit: 1 }],
		pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
		headerFooter: { oddHeader: `&L${route.code} – ${route.name}&RTrang &P/&N` }
	});
	sheet.columns = routeSheetColumns.map((c, k) => ({
		key: `c${k}`,
		width: c.width,
		style: c.numFmt ? { numFmt: c.numFmt } : {}
	}));
	const header = sheet.addRow(routeSheetColumns.map((c) => c.header));
	header.font = { bold: true };
	header.commit();
	let written = 0;
	for (const c of customers) {
		if (out.destroyed) break;
		sheet.addRow(routeSheetColumns.map((col) => col.value(c))).commit();
		written++;
	}
	sheet.commit();
	await workbook.commit();
	return written;
}
