/**
 * Document numbers of the collection cycle: a reader's remittance list (bảng kê) BK-2026-000001
 * and the cashier's receipt (biên nhận) BN-2026-000001, and the payment receipt (phiếu thu)
 * PT-2026-000001 that pays invoices. Each sequence restarts every year (the calendar year in
 * Asia/Ho_Chi_Minh) and has at least 6 digits.
 */
import { utilityDate } from '../time/utility-date.ts';

export type DocumentKind = 'remittance' | 'receipt' | 'payment';

const prefixes: Record<DocumentKind, string> = {
	remittance: 'BK',
	receipt: 'BN',
	payment: 'PT'
};

export function documentNumber(kind: DocumentKind, year: number, seq: number): string {
	if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`bad year ${year}`);
	if (!Number.isInteger(seq) || seq < 1) throw new Error(`bad sequence ${seq}`);
	return `${prefixes[kind]}-${year}-${String(seq).padStart(6, '0')}`;
}

/** The numbering year of an instant: 31/12 23:30 in Hanoi (16:30 UTC) is still that year. */
export function documentYear(at: Date): number {
	return Number(utilityDate(at).slice(0, 4));
}

/** Year and sequence of a number of this kind, or null when it is not one. */
export function parseDocumentNumber(
	kind: DocumentKind,
	value: string
): { year: number; seq: number } | null {
	const match = new RegExp(`^${prefixes[kind]}-(\\d{4})-(\\d{6,})$`).exec(value);
	return match ? { year: Number(match[1]), seq: Number(match[2]) } : null;
}
