/**
 * The spreadsheet side of bank statements: reading an uploaded .xlsx (first sheet, cells as
 * the user sees them) and writing the rejected lines back as an annotated workbook, in the
 * import's style (the sheet's own header and cells, plus a "Lỗi" column naming each column
 * and reason, faulty cells highlighted). Statements are small (a month of credits), so the
 * workbook is read whole; the size and row limits below keep that true.
 */
import ExcelJS from 'exceljs';
import { plainCell } from '../../domain/import/cells.ts';
import type { CellValue } from '../../domain/import/columns.ts';
import { foldVi } from '../../domain/customers/customer-input.ts';
import { ERROR_HEADER } from '../import/rejects.ts';
import { PaymentError } from './payments.schemas.ts';

/** Bytes; a month of one utility's credits is far below this. */
export const maxStatementBytes = 10 * 1024 * 1024;
export const maxStatementRows = 50_000;

export interface SheetRows {
	/** Row number as Excel shows it → cells indexed from column 1. */
	rows: { rowNo: number; cells: CellValue[] }[];
}

export async function readStatement(bytes: Uint8Array): Promise<SheetRows> {
	if (bytes.byteLength === 0) throw new PaymentError(400, 'file', 'tệp sao kê trống');
	if (bytes.byteLength > maxStatementBytes)
		throw new PaymentError(413, 'file', 'tệp sao kê lớn quá 10 MB');
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		throw new PaymentError(415, 'file', 'tệp không phải là bảng tính Excel .xlsx đọc được');
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new PaymentError(400, 'file', 'bảng tính không có trang nào');
	if (sheet.rowCount > maxStatementRows)
		throw new PaymentError(413, 'file', `sao kê quá ${maxStatementRows} dòng`);
	const rows: SheetRows['rows'] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
		const values = row.values as unknown[];
		const cells: CellValue[] = [];
		for (let c = 0; c < values.length; c++) cells[c] = plainCell(values[c]);
		rows.push({ rowNo, cells });
	});
	return { rows };
}

const errorFill: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFFFC7CE' }
};

export interface RejectedRow {
	rowNo: number;
	header: (string | null)[];
	cells: unknown[];
	errors: { column: string; reason: string }[];
}

/** The rejected lines as an .xlsx: the statement's header, their cells, and the reasons. */
export async function rejectsWorkbook(rows: RejectedRow[]): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Dòng lỗi', { views: [{ state: 'frozen', ySplit: 1 }] });
	const header = rows[0]?.header ?? [];
	const width = Math.max(header.length, ...rows.map((r) => r.cells.length), 2);
	const errorCol = width; // header/cells are indexed from 1: column `width` is the next free one.
	const headerRow = sheet.addRow([
		'Dòng',
		...Array.from({ length: width - 1 }, (_, i) => header[i + 1] ?? ''),
		ERROR_HEADER
	]);
	headerRow.font = { bold: true };
	const columnOf = new Map<string, number>();
	header.forEach((t, i) => typeof t === 'string' && columnOf.set(foldVi(t), i + 1));
	for (const r of rows) {
		const values = Array.from({ length: width - 1 }, (_, i) => asCell(r.cells[i + 1]));
		const added = sheet.addRow([
			r.rowNo,
			...values,
			r.errors.map((e) => `${e.column}: ${e.reason}`).join('; ')
		]);
		for (const e of r.errors) {
			const col = columnOf.get(foldVi(e.column));
			if (col !== undefined) added.getCell(col).fill = errorFill;
		}
		added.getCell(errorCol + 1).font = { color: { argb: 'FF9C0006' } };
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

const asCell = (value: unknown): ExcelJS.CellValue =>
	value === null || value === undefined
		? null
		: typeof value === 'number' || typeof value === 'boolean'
			? value
			: String(value);
