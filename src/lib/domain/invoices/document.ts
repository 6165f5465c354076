/**
 * The plain invoice every output is made from (the HTML print view, the PDF and the
 * e-invoice XML), and the item lines it bills: the quote's block lines with their shares
 * rounded to whole VND so that they add up exactly to the water amount. Money is integer
 * VND (signed on adjustments), volumes m³.
 */
import { vndInWords } from '../collections/amount-words.ts';
import type { InvoiceLine } from '../billing/bill.ts';

/** A line of invoice.lines as the billing engine stores it (the blocks the bill reached). */
export type StoredLine = InvoiceLine;

export interface InvoiceDocument {
	id: number;
	kind: 'regular' | 'adjustment';
	status: string;
	series: string | null;
	number: number | null;
	issuedOn: string | null;
	dueOn: string | null;
	printCount: number;
	seller: {
		name: string;
		taxCode: string;
		address: string;
		phone: string | null;
		bank: string | null;
	};
	buyer: { name: string; code: string; address: string; taxCode: string | null };
	/** First day of the billed month, YYYY-MM-DD. */
	periodMonth: string;
	fromDate: string | null;
	toDate: string | null;
	previousIndex: number | null;
	currentIndex: number | null;
	consumptionM3: number;
	lines: StoredLine[];
	/** VAT rate on water and on drainage (fractions: 0.05 = 5%). */
	vatRate: number;
	drainageVatRate: number;
	waterVnd: number;
	vatVnd: number;
	envFeeVnd: number;
	drainageVnd: number;
	drainageVatVnd: number;
	totalVnd: number;
	previousDebtVnd: number;
	reason: string | null;
	/** The invoice an adjustment corrects. */
	original: { series: string; number: number; issuedOn: string } | null;
}

export interface ItemLine {
	label: string;
	/** m³ billed on the line (prorated by days), 3 decimals. */
	m3: number;
	/** VND per m³ before VAT. */
	price: number;
	/** Whole VND; the lines add up to the water amount. */
	amountVnd: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function label(line: StoredLine, prorated: boolean): string {
	const range = line.to === null ? `trên ${line.from} m³` : `${line.from}–${line.to} m³`;
	const days = prorated ? ` · ${line.scheduleId}, ${line.days}/${line.periodDays} ngày` : '';
	return `Tiền nước bậc ${line.block} (${range})${days}`;
}

/**
 * The block lines with consumption, each share rounded so the lines add up to `waterVnd`:
 * floors first, then the đồng left over go to the largest fractions (largest remainder).
 * Without usable lines (an adjustment, a manual correction) one line carries the amount.
 */
export function itemLines(
	doc: Pick<InvoiceDocument, 'lines' | 'waterVnd' | 'consumptionM3' | 'kind'>
): ItemLine[] {
	const used = doc.lines.filter((l) => l.m3 > 0);
	const floors = used.map((l) => Math.floor(l.share));
	let left = doc.waterVnd - floors.reduce((a, b) => a + b, 0);
	if (used.length === 0 || left < 0 || left > used.length) {
		const m3 = round3(doc.consumptionM3);
		return [
			{
				label: doc.kind === 'adjustment' ? 'Điều chỉnh tiền nước' : 'Tiền nước',
				m3,
				price: m3 !== 0 ? Math.round(doc.waterVnd / m3) : 0,
				amountVnd: doc.waterVnd
			}
		];
	}
	const order = used
		.map((l, i) => ({ i, fraction: l.share - floors[i] }))
		.sort((a, b) => b.fraction - a.fraction || a.i - b.i);
	const amounts = [...floors];
	for (const { i } of order) {
		if (left === 0) break;
		amounts[i] += 1;
		left -= 1;
	}
	const prorated = used.some((l) => l.days !== l.periodDays);
	return used.map((l, i) => ({
		label: label(l, prorated),
		m3: round3((l.m3 * l.days) / l.periodDays),
		price: l.price,
		amountVnd: amounts[i]
	}));
}

/** An amount in words, signed: a reducing adjustment reads "Âm …". */
export function amountInWords(amount: number): string {
	if (amount >= 0) return vndInWords(amount);
	const words = vndInWords(-amount);
	return `Âm ${words.charAt(0).toLowerCase()}${words.slice(1)}`;
}

/** Amount to pay: this invoice's total and the debt carried from earlier periods. */
export const amountDue = (doc: Pick<InvoiceDocument, 'totalVnd' | 'previousDebtVnd'>) =>
	doc.totalVnd + doc.previousDebtVnd;

/** "12%" style rate as the documents and the XML write it (0.05 → '5%'). */
export const ratePercent = (rate: number) => `${Math.round(rate * 10_000) / 100}%`;
