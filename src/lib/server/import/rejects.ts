/**
 * The rejected rows handed back: the uploaded sheet's own header and rows (every column as it
 * was, extra ones included) for the rows that failed, plus a "Lỗi" column naming each column
 * and reason, with the faulty cells highlighted. Fix the cells, delete the Lỗi column or not
 * (it is an extra column, ignored), and import the file again.
 */
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { RowError } from '../../domain/import/validate-row.ts';
import { foldVi } from '../../domain/customers/customer-input.ts';
import { readSheet } from './sheet-reader.ts';

export const ERROR_HEADER = 'Lỗi';
const errorFill: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFFFC7CE' }
};

export async function writeRejects(
	source: string,
	target: string,
	errors: Map<number, RowError[]>
): Promise<number> {
	const out = createWriteStream(target);
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
	const sheet = workbook.addWorksheet('Dòng lỗi', { views: [{ state: 'frozen', ySplit: 1 }] });
	let headerTexts: (string | null)[] = [];
	let errorCol = 1;
	const columnOf = new Map<string, number>();
	let written = 0;
	for await (const row of readSheet(source, (_h, texts) => {
		headerTexts = texts;
		errorCol = Math.max(texts.length, 1);
		texts.forEach((t, i) => t && columnOf.set(foldVi(t), i));
		const header = sheet.addRow([...texts.slice(1), ERROR_HEADER].map((t) => t ?? ''));
		header.font = { bold: true };
		header.getCell(errorCol).fill = errorFill;
		header.commit();
	})) {
		const rowErrors = errors.get(row.rowNo);
		if (!rowErrors) continue;
		const values = [];
		for (let c = 1; c < Math.max(row.cells.length, headerTexts.length); c++)
			values.push(row.cells[c] ?? null);
		values[errorCol - 1] = rowErrors.map((e) => `${e.column}: ${e.reason}`).join('; ');
		const added = sheet.addRow(values);
		for (const e of rowErrors) {
			const col = columnOf.get(foldVi(e.column));
			if (col !== undefined) added.getCell(col).fill = errorFill;
		}
		added.getCell(errorCol).font = { color: { argb: 'FF9C0006' } };
		added.commit();
		written++;
	}
	sheet.commit();
	await workbook.commit();
	return written;
}
