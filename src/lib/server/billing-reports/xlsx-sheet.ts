/**
 * The spreadsheet frame every billing report shares: exceljs's streaming writer (rows are
 * flushed as they are committed, so an export of every customer never sits in memory), a bold
 * Vietnamese header row frozen at the top, and number formats per column.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Integer VND, grouped. */
export const vndFormat = '#,##0';
/** m³ with their 3 decimals. */
export const m3Format = '#,##0.000';
export const countFormat = '#,##0';

export interface Column {
	header: string;
	width: number;
	numFmt?: string;
}

export function reportWorkbook(out: Writable) {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	workbook.creator = 'Waterline';
	return workbook;
}

export function reportSheet(
	workbook: ExcelJS.stream.xlsx.WorkbookWriter,
	name: string,
	columns: Column[]
) {
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

/** A subtotal or total line, bold. */
export function boldRow(sheet: ExcelJS.Worksheet, values: unknown[]) {
	const row = sheet.addRow(values);
	row.font = { bold: true };
	row.commit();
}

/** A calendar day ('YYYY-MM-DD') as an Excel date cell (Excel dates carry no zone). */
export const excelDay = (day: string) => new Date(`${day}T00:00:00Z`);
