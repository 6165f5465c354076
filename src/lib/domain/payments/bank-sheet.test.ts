import { describe, expect, it } from 'vitest';
import { findBankHeader, matchBankHeader, parseVndCell, readBankLine } from './bank-sheet.ts';

// Cells are indexed from 1 as exceljs gives them; index 0 is unused.
const row = (...cells: unknown[]) => [null, ...cells] as never[];

describe('bank statement header', () => {
	it('finds a Vietnamese header below a title block, ignoring extra columns', () => {
		const rows = [
			row('SAO KÊ TÀI KHOẢN'),
			row('Số TK: 0123456789'),
			row(
				'STT',
				'Ngày giao dịch',
				'Số tiền ghi nợ',
				'Số tiền (ghi có)',
				'Số dư',
				'Nội dung',
				'Số tham chiếu'
			)
		];
		expect(findBankHeader(rows)).toEqual({
			rowIndex: 2,
			header: { date: 2, amount: 4, description: 6, ref: 7 }
		});
	});

	it('reads English headers and a generic amount column', () => {
		expect(matchBankHeader(row('Transaction Date', 'Amount', 'Description', 'Reference'))).toEqual({
			date: 1,
			amount: 2,
			description: 3,
			ref: 4
		});
		expect(matchBankHeader(row('Ngày', 'Diễn giải', 'Số tiền'))).toEqual({
			date: 1,
			amount: 3,
			description: 2,
			ref: null
		});
	});

	it('is not a header without a date and an amount column', () => {
		expect(matchBankHeader(row('Nội dung', 'Số tiền'))).toBeNull();
	});
});

describe('credit amounts', () => {
	it('reads numbers and grouped text', () => {
		for (const v of [
			1_250_000,
			'1.250.000',
			'1,250,000',
			'1 250 000 VND',
			'1,250,000.00',
			'1250000'
		])
			expect(parseVndCell(v)).toEqual({ ok: true, amountVnd: 1_250_000 });
	});

	it('refuses blanks, zero, negatives, fractions and words', () => {
		expect(parseVndCell(null)).toEqual({ ok: false, reason: 'thiếu số tiền ghi có' });
		expect(parseVndCell(0)).toMatchObject({ ok: false, reason: 'số tiền bằng 0' });
		expect(parseVndCell('-50.000')).toMatchObject({ ok: false, reason: /âm/ });
		expect(parseVndCell(10.5)).toMatchObject({ ok: false, reason: /phần lẻ/ });
		expect(parseVndCell('1.250.000,50')).toMatchObject({ ok: false, reason: /phần lẻ/ });
		expect(parseVndCell('abc')).toMatchObject({ ok: false, reason: /không phải là một số/ });
		expect(parseVndCell('1.250,000.00')).toMatchObject({ ok: false });
	});
});

describe('a statement line', () => {
	const header = { date: 1, amount: 2, description: 3, ref: 4 };
	const texts = [null, 'Ngày GD', 'Ghi có', 'Nội dung', 'Số tham chiếu'];

	it('reads date with time, amount, description and reference', () => {
		expect(
			readBankLine(
				5,
				row('02/11/2026 08:31:22', '350.000', ' KH00001234  T10 ', 'FT1'),
				header,
				texts
			)
		).toEqual({
			ok: true,
			rowNo: 5,
			bookedOn: '2026-11-02',
			amountVnd: 350_000,
			description: 'KH00001234 T10',
			bankRef: 'FT1'
		});
	});

	it('names each faulty column with its header text', () => {
		expect(readBankLine(6, row('31/02/2026', -5, 'x', null), header, texts)).toEqual({
			ok: false,
			rowNo: 6,
			errors: [
				{ column: 'Ngày GD', reason: 'ngày giao dịch không hợp lệ (dd/mm/yyyy)' },
				{ column: 'Ghi có', reason: 'số tiền âm (khoản ghi nợ, không phải tiền thu)' }
			]
		});
	});
});
