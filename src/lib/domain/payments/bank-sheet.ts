/**
 * Reading a bank statement's rows (sao kê): banks put a title block above the table and name
 * columns their own way, so the header row is the first of the top rows that names a date
 * column and a credit-amount column (Vietnamese or English, accents and case ignored); other
 * columns are kept but unused. Each data row becomes a credit line or a rejection with the
 * reason. Pure: rows arrive as arrays of cell values indexed from column 1 (exceljs style).
 */
import { isBlank, parseDateCell } from '../import/cells.ts';
import type { CellValue } from '../import/columns.ts';
import { foldVi } from '../customers/customer-input.ts';

export type BankColumn = 'date' | 'amount' | 'description' | 'ref';

// Per column, names in priority order: `=` must equal the folded header, others be contained.
const headerNames: Record<BankColumn, string[]> = {
	date: [
		'ngay giao dich',
		'ngay gd',
		'ngay hach toan',
		'transaction date',
		'posting date',
		'=ngay',
		'=date',
		'ngay hieu luc',
		'value date'
	],
	amount: [
		'so tien ghi co',
		'ghi co',
		'phat sinh co',
		'so tien co',
		'credit',
		'=so tien',
		'=so tien vnd',
		'=amount',
		'=amount vnd'
	],
	description: ['noi dung', 'dien giai', 'mo ta', 'description', 'details', 'remark', 'narrative'],
	ref: [
		'so tham chieu',
		'ma giao dich',
		'so giao dich',
		'so but toan',
		'ma gd',
		'reference',
		'=ref',
		'=ref no',
		'transaction id',
		'=so ct',
		'so chung tu'
	]
};

export const maxHeaderSearchRows = 30;
export const maxBankAmountVnd = 10_000_000_000;

const foldHeader = (text: string) =>
	foldVi(text)
		.replace(/[()/:.\-_]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();

export type BankHeader = Record<BankColumn, number | null>;

/** The columns of one row read as a header, or null when it lacks a date or an amount column. */
export function matchBankHeader(cells: readonly CellValue[]): BankHeader | null {
	const texts = cells.map((c) => (typeof c === 'string' ? foldHeader(c) : ''));
	const taken = new Set<number>();
	const header = {} as BankHeader;
	for (const column of ['amount', 'date', 'ref', 'description'] as BankColumn[]) {
		header[column] = null;
		for (const name of headerNames[column]) {
			const exact = name.startsWith('=');
			const wanted = exact ? name.slice(1) : name;
			const index = texts.findIndex(
				(t, i) => !taken.has(i) && t !== '' && (exact ? t === wanted : t.includes(wanted))
			);
			if (index >= 1) {
				header[column] = index;
				taken.add(index);
				break;
			}
		}
	}
	return header.date !== null && header.amount !== null ? header : null;
}

export function findBankHeader(
	rows: readonly (readonly CellValue[])[]
): { rowIndex: number; header: BankHeader } | null {
	for (let i = 0; i < Math.min(rows.length, maxHeaderSearchRows); i++) {
		const header = matchBankHeader(rows[i]);
		if (header) return { rowIndex: i, header };
	}
	return null;
}

export type VndCell = { ok: true; amountVnd: number } | { ok: false; reason: string };

/**
 * A credit amount: a number cell, or text with grouping ("1.250.000", "1,250,000", "1 250 000
 * VND") and optionally zero decimals ("1,250,000.00"). VND has no fractions.
 */
export function parseVndCell(value: CellValue): VndCell {
	let n: number;
	if (isBlank(value)) return { ok: false, reason: 'thiếu số tiền ghi có' };
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string') {
		const text = value.replace(/\s+|vnd|đ/gi, '');
		const m = /^([+-]?)(\d+(?:([.,])\d{3})*)(?:([.,])(\d{1,2}))?$/.exec(text);
		const mixed = m && /\./.test(m[2]) && /,/.test(m[2]);
		if (!m || mixed || (m[3] && m[4] && m[3] === m[4]))
			return { ok: false, reason: `số tiền "${value}" không phải là một số` };
		if (m[5] && Number(m[5]) !== 0)
			return { ok: false, reason: 'số tiền có phần lẻ: VND không có phần lẻ' };
		n = Number(m[2].replace(/[.,]/g, '')) * (m[1] === '-' ? -1 : 1);
	} else return { ok: false, reason: 'số tiền không phải là một số' };
	if (!Number.isFinite(n)) return { ok: false, reason: 'số tiền không phải là một số' };
	if (!Number.isInteger(n))
		return { ok: false, reason: 'số tiền có phần lẻ: VND không có phần lẻ' };
	if (n < 0) return { ok: false, reason: 'số tiền âm (khoản ghi nợ, không phải tiền thu)' };
	if (n === 0) return { ok: false, reason: 'số tiền bằng 0' };
	if (n > maxBankAmountVnd) return { ok: false, reason: 'số tiền quá lớn (hơn 10 tỷ đồng)' };
	return { ok: true, amountVnd: n };
}

/** A booked date: a date cell, a serial day, or dd/mm/yyyy text with or without a time. */
export function parseBookedOn(value: CellValue): string | null {
	if (typeof value === 'string') return parseDateCell(value.trim().split(/[\sT]/)[0] ?? '');
	return parseDateCell(value);
}

const text = (value: CellValue | undefined): string | null => {
	if (value === null || value === undefined) return null;
	const t = (value instanceof Date ? value.toISOString() : String(value)).replace(/\s+/g, ' ');
	return t.trim() === '' ? null : t.trim().slice(0, 1000);
};

export interface BankLineOk {
	ok: true;
	rowNo: number;
	bookedOn: string;
	amountVnd: number;
	description: string | null;
	bankRef: string | null;
}
export interface BankLineRejected {
	ok: false;
	rowNo: number;
	/** Column header text → reason, e.g. ["Số tiền", "số tiền âm …"]. */
	errors: { column: string; reason: string }[];
}
export type BankLine = BankLineOk | BankLineRejected;

/** One data row (1-based `rowNo` as Excel shows it) read with the header's columns. */
export function readBankLine(
	rowNo: number,
	cells: readonly CellValue[],
	header: BankHeader,
	headerTexts: readonly (string | null)[]
): BankLine {
	const nameOf = (c: BankColumn, fallback: string) => headerTexts[header[c]!] ?? fallback;
	const errors: { column: string; reason: string }[] = [];
	const bookedOn = parseBookedOn(cells[header.date!] ?? null);
	if (!bookedOn)
		errors.push({
			column: nameOf('date', 'Ngày giao dịch'),
			reason: isBlank(cells[header.date!] ?? null)
				? 'thiếu ngày giao dịch'
				: 'ngày giao dịch không hợp lệ (dd/mm/yyyy)'
		});
	const amount = parseVndCell(cells[header.amount!] ?? null);
	if (!amount.ok) errors.push({ column: nameOf('amount', 'Số tiền'), reason: amount.reason });
	if (errors.length || !bookedOn || !amount.ok) return { ok: false, rowNo, errors };
	return {
		ok: true,
		rowNo,
		bookedOn,
		amountVnd: amount.amountVnd,
		description: header.description === null ? null : text(cells[header.description]),
		bankRef: header.ref === null ? null : (text(cells[header.ref])?.slice(0, 120) ?? null)
	};
}
