/**
 * An import template as every kind lays it out: sheet 1 is the header row (required columns
 * shaded) and one example row; sheet 2, "Hướng dẫn", explains each column and lists the values
 * the utility accepts, a section per list. Streamed as it is written.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnSpec } from '../../domain/import/columns.ts';

export interface TemplateLayout {
	sheetName: string;
	columns: readonly ColumnSpec[];
	/** The example row by column key. */
	example: Record<string, string | number | Date>;
	/** Instruction sections after the column list: a title and its rows. */
	sections: readonly [string, readonly (readonly (string | number)[])[]][];
}

const requiredFill: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFFFF2CC' }
};

export async function writeTemplateWorkbook(out: Writable, layout: TemplateLayout): Promise<void> {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
	workbook.creator = 'Waterline';
	const sheet = workbook.addWorksheet(layout.sheetName, {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	sheet.columns = layout.columns.map((c) => ({ width: Math.max(14, c.header.length + 4) }));
	const header = sheet.addRow(layout.columns.map((c) => c.header));
	header.font = { bold: true };
	layout.columns.forEach((c, i) => {
		if (c.required) header.getCell(i + 1).fill = requiredFill;
	});
	header.commit();
	sheet.addRow(layout.columns.map((c) => layout.example[c.key] ?? '')).commit();
	sheet.commit();

	const help = workbook.addWorksheet('Hướng dẫn');
	help.columns = [{ width: 28 }, { width: 70 }, { width: 40 }];
	const title = help.addRow(['Cột', 'Ghi chú', 'Bắt buộc']);
	title.font = { bold: true };
	title.commit();
	for (const c of layout.columns)
		help.addRow([c.header, c.note ?? '', c.required ? 'Bắt buộc' : '']).commit();
	for (const [name, rows] of layout.sections) {
		help.addRow([]).commit();
		const head = help.addRow([name]);
		head.font = { bold: true };
		head.commit();
		for (const r of rows) help.addRow([...r]).commit();
	}
	help.commit();
	await workbook.commit();
}
