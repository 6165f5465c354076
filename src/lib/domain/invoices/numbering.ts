/**
 * Invoice numbering under Circular 78/2021: the series (ký hiệu) is the form digit and
 * letter (settings' prefix, e.g. '1C'), the two-digit year of the issue date and the
 * utility's three letters (e.g. 'TWL'): 1C26TWL. The number (số) restarts at 1 each year and
 * has at most 8 digits; documents show it padded to 8 digits (00000042).
 */
export const MAX_INVOICE_NUMBER = 99_999_999;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
	const match = isoDate.exec(value);
	if (!match) return false;
	const [y, m, d] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The numbering year of an issue date (YYYY-MM-DD, a day in Asia/Ho_Chi_Minh). */
export function invoiceYear(issuedOn: string): number {
	if (!isCalendarDate(issuedOn)) throw new Error(`bad issue date ${issuedOn}`);
	return Number(issuedOn.slice(0, 4));
}

/** prefix + yy + suffix, e.g. ('1C', '2026-12-31', 'TWL') → '1C26TWL'. */
export function invoiceSeries(prefix: string, issuedOn: string, suffix: string): string {
	return `${prefix}${String(invoiceYear(issuedOn) % 100).padStart(2, '0')}${suffix}`;
}

/**
 * The series split as the e-invoice XML carries it: KHMSHDon is the form digit (1 = VAT
 * invoice) and KHHDon the remaining six characters (C26TWL).
 */
export function seriesParts(series: string): { form: string; symbol: string } {
	const match = /^(\d)([A-Z]\d{2}[A-Z]{3})$/.exec(series);
	if (!match) throw new Error(`bad invoice series ${series}`);
	return { form: match[1], symbol: match[2] };
}

/** The number as documents print it: 42 → '00000042'. */
export function formatInvoiceNumber(n: number): string {
	if (!Number.isInteger(n) || n < 1 || n > MAX_INVOICE_NUMBER) throw new Error(`bad number ${n}`);
	return String(n).padStart(8, '0');
}

/** A calendar date plus whole days (the due date is issuedOn + due_days). */
export function addDays(day: string, days: number): string {
	if (!isCalendarDate(day)) throw new Error(`bad date ${day}`);
	const [y, m, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
