import { describe, expect, it } from 'vitest';
import { parseDateCell, parseNumberCell, plainCell, textCell } from './cells.ts';
import { mapHeader } from './columns.ts';

describe('import cells', () => {
	it('reads dates as dd/mm/yyyy text, Excel serial numbers and Date cells', () => {
		expect(parseDateCell('05/03/2025')).toBe('2025-03-05');
		expect(parseDateCell('5-3-2025')).toBe('2025-03-05');
		expect(parseDateCell(45000)).toBe('2023-03-15');
		expect(parseDateCell('45000')).toBe('2023-03-15');
		expect(parseDateCell(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
		expect(parseDateCell('31/02/2025')).toBeNull();
		expect(parseDateCell('hôm qua')).toBeNull();
	});

	it('takes a formula’s cached result, rich text and hyperlink text', () => {
		expect(plainCell({ formula: 'A1&B1', result: 'Huế' })).toBe('Huế');
		expect(plainCell({ sharedFormula: 'A2', result: 7 })).toBe(7);
		expect(plainCell({ richText: [{ text: 'Lê ' }, { text: 'Lợi' }] })).toBe('Lê Lợi');
		expect(plainCell({ text: 'a@b.vn', hyperlink: 'mailto:a@b.vn' })).toBe('a@b.vn');
		expect(plainCell({ error: '#N/A' })).toBeNull();
	});

	it('normalises text to NFC and numbers in either notation', () => {
		expect(textCell('  Hùng  '.normalize('NFD'))).toBe('Hùng'.normalize('NFC'));
		expect(textCell(0.1 + 0.2)).toBe('0.3');
		expect(parseNumberCell('1.234,5')).toBe(1234.5);
		expect(parseNumberCell('12,5')).toBe(12.5);
		expect(parseNumberCell('abc')).toBeNull();
	});

	it('matches headers without diacritics and reports extra columns', () => {
		const h = mapHeader([null, 'Ten khach hang', 'Địa chỉ', 'Ghi chú riêng']);
		expect([...h.columns.entries()]).toEqual([
			[1, 'name'],
			[2, 'address']
		]);
		expect(h.extra).toEqual(['Ghi chú riêng']);
		expect(h.missing).toContain('ward');
	});
});
