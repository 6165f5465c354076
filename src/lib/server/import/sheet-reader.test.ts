import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { importColumns } from '../../domain/import/columns.ts';
import { readSheet } from './sheet-reader.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

// Enough multi-byte text that the sheet XML spans many 16 KiB inflate chunks, so characters
// are cut at chunk boundaries (this read 14 names back as U+FFFD before the fix).
const words = [
	'Nguyễn',
	'Trần',
	'Lê',
	'Phạm',
	'Huỳnh',
	'Đặng',
	'Bùi',
	'Võ',
	'Thị',
	'Văn',
	'Ánh',
	'Tuyết',
	'Hưởng',
	'Ngọc'
];
const nameOf = (i: number) =>
	[0, 1, 2, 3].map((k) => words[(i * 7 + k * 5 + (i >> k)) % words.length]).join(' ');

async function workbook(rows: number, sharedStrings: boolean): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'wl-sheet-'));
	dirs.push(dir);
	const file = path.join(dir, 'names.xlsx');
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		filename: file,
		useSharedStrings: sharedStrings
	});
	const ws = wb.addWorksheet('Khách hàng');
	const name = importColumns.find((c) => c.key === 'name')!.header;
	const address = importColumns.find((c) => c.key === 'address')!.header;
	ws.addRow([name, address]).commit();
	for (let i = 0; i < rows; i++)
		ws.addRow([nameOf(i), `${i} đường Hùng Vương, phường Đống Đa`]).commit();
	ws.commit();
	await wb.commit();
	return file;
}

describe('readSheet', () => {
	for (const sharedStrings of [false, true])
		it(`reads Vietnamese text cut between chunks intact (${sharedStrings ? 'shared' : 'inline'} strings)`, async () => {
			const file = await workbook(4000, sharedStrings);
			const wrong: string[] = [];
			let n = 0;
			for await (const row of readSheet(file, () => {})) {
				const i = row.rowNo - 2;
				if (row.raw.name !== nameOf(i)) wrong.push(`row ${row.rowNo}: ${String(row.raw.name)}`);
				if (!String(row.raw.address).endsWith('phường Đống Đa'))
					wrong.push(`row ${row.rowNo}: ${String(row.raw.address)}`);
				n++;
			}
			expect(wrong).toEqual([]);
			expect(n).toBe(4000);
		});
});
