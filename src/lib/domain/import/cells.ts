/**
 * Cell values as the import sees them. exceljs hands over formulas ({ formula, result }), rich
 * text, hyperlinks and error values as objects; the import works on what the user saw in the
 * cell, so a formula counts as its cached result.
 */
import type { CellValue } from './columns.ts';

/** Unwraps an exceljs cell value to a plain value (formula → cached result, rich text → text). */
export function plainCell(value: unknown): CellValue {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return value;
	if (value instanceof Date) return value;
	if (typeof value === 'object') {
		const v = value as Record<string, unknown>;
		if ('result' in v || 'formula' in v || 'sharedFormula' in v) return plainCell(v.result);
		if (Array.isArray(v.richText))
			return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
		if ('text' in v) return plainCell(v.text);
		if ('error' in v) return null;
	}
	return null;
}

/** True when the cell holds nothing a person would see. */
export function isBlank(value: CellValue | undefined): boolean {
	return (
		value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
	);
}

// Excel's day 0 is 1899-12-30 (the 1900 leap-year bug folded in), in days.
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function isoDate(y: number, m: number, d: number): string | null {
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
		return null;
	if (y < 1950 || y > 2100) return null;
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A calendar date from a cell: dd/mm/yyyy text (also d-m-yyyy, d.m.yyyy), yyyy-mm-dd text,
 * an Excel serial day number, or a Date cell. Date cells carry the wall-clock date as UTC
 * midnight (exceljs reads them without a zone), so their UTC fields are the date.
 * Returns 'YYYY-MM-DD', or null when the value is not a date.
 */
export function parseDateCell(value: CellValue): string | null {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return null;
		// A time-of-day fraction is rounded to the nearest day boundary the user typed.
		const t = new Date(value.getTime() + 12 * 3_600_000 - 1);
		const date = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
		return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value < 1) return null;
		const date = new Date(EXCEL_EPOCH_UTC + Math.floor(value) * DAY_MS);
		return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
	}
	if (typeof value !== 'string') return null;
	const text = value.trim();
	let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
	if (match) return isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
	match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
	// A serial number typed as text ('45123').
	if (/^\d{5}$/.test(text)) return parseDateCell(Number(text));
	return null;
}

/** A number from a cell: numbers as they are, text in Vietnamese or plain notation. */
export function parseNumberCell(value: CellValue): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	let text = value.trim().replace(/\s/g, '');
	if (text === '') return null;
	// '1.234,5' (vi-VN) → '1234.5'; '105,123' (a decimal comma) → '105.123'.
	if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) text = text.replace(/\./g, '').replace(',', '.');
	else if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
	const n = Number(text);
	return Number.isFinite(n) ? n : null;
}

/** Text of a cell as the user typed it (numbers without float noise), NFC, trimmed. */
export function textCell(value: CellValue): string | null {
	if (value === null) return null;
	if (value instanceof Date) return parseDateCell(value);
	const text = typeof value === 'number' ? String(Number(value.toPrecision(15))) : String(value);
	const clean = text.normalize('NFC').replace(/\s+/g, ' ').trim();
	return clean === '' ? null : clean;
}
