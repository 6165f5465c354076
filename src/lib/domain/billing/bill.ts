/**
 * One customer's bill for one period, from the period's reading and the price decisions: the
 * billing engine calls this for every customer. The amounts come from the one tariff function
 * (quoteParsed); this file decides what is billed (m³, dates, category) and what is skipped.
 */
import { dayNumber, isoDate } from '../tariff/days.ts';
import { quoteParsed, type Quote, type QuoteLine } from '../tariff/quote.ts';
import type { Schedule } from '../tariff/tariff.schema.ts';

export type SkipReason = 'no_category' | 'no_reading' | 'no_schedule';

export interface BillInput {
	/** Every price decision, any order (the quote picks those in force day by day). */
	schedules: readonly Schedule[];
	/** The tariff code the customer's category maps to; null when it maps to none. */
	categoryCode: string | null;
	households: number;
	persons: number;
	/** First day of the reading period's month, 'YYYY-MM-DD'. */
	periodMonth: string;
	/** Local dates of this period's and the previous period's readings, when read. */
	readOn: string | null;
	previousReadOn: string | null;
	/** m³ of the reading (null: no usable reading), credited back, and back-billed. */
	consumptionM3: number | null;
	creditM3: number;
	backBilledM3: number;
}

export type BillOutcome =
	| {
			kind: 'bill';
			m3: number;
			previousReadingOn: string;
			currentReadingOn: string;
			quote: Quote;
			/** Codes of the schedules the bill used. */
			scheduleCodes: string[];
	  }
	| { kind: 'skip'; reason: SkipReason; detail: string };

/**
 * The billed interval (previousReadingOn, currentReadingOn]: the two readings' dates, or the
 * period's calendar month when a date is missing (estimates, imports without a time) or the
 * dates are not in order.
 */
export function billingInterval(
	periodMonth: string,
	readOn: string | null,
	previousReadOn: string | null
): { previousReadingOn: string; currentReadingOn: string } {
	const first = dayNumber(periodMonth)!;
	const monthEnd = dayNumber(nextMonth(periodMonth))! - 1;
	const current = (readOn && dayNumber(readOn)) || monthEnd;
	let previous = (previousReadOn && dayNumber(previousReadOn)) || first - 1;
	if (previous >= current) previous = Math.min(first - 1, current - 1);
	return { previousReadingOn: isoDate(previous), currentReadingOn: isoDate(current) };
}

function nextMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** consumption + back-billed − credited, never below zero, in whole thousandths of a m³. */
export function billedM3(consumption: number, credit: number, backBilled: number): number {
	const thousandths = Math.round(consumption * 1000) + Math.round(backBilled * 1000);
	return Math.max(0, thousandths - Math.round(credit * 1000)) / 1000;
}

/** The schedules in force on some day of (previous, current], oldest first. */
function schedulesInForce(schedules: readonly Schedule[], previous: string, current: string) {
	const sorted = [...schedules].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
	return sorted.filter(
		(s, i) =>
			s.effectiveFrom <= current &&
			(i + 1 === sorted.length || sorted[i + 1].effectiveFrom > isoDate(dayNumber(previous)! + 1))
	);
}

export function billCustomer(input: BillInput): BillOutcome {
	if (input.categoryCode === null)
		return { kind: 'skip', reason: 'no_category', detail: 'category has no tariff code' };
	if (input.consumptionM3 === null)
		return { kind: 'skip', reason: 'no_reading', detail: 'no usable reading in the period' };
	const interval = billingInterval(input.periodMonth, input.readOn, input.previousReadOn);
	const inForce = schedulesInForce(
		input.schedules,
		interval.previousReadingOn,
		interval.currentReadingOn
	);
	// Every day of the period needs a decision in force: the first must start by its first day.
	const firstDay = isoDate(dayNumber(interval.previousReadingOn)! + 1);
	if (inForce.length === 0 || inForce[0].effectiveFrom > firstDay)
		return {
			kind: 'skip',
			reason: 'no_schedule',
			detail: `no price decision in force on ${firstDay}`
		};
	const missing = inForce.find((s) => !Object.hasOwn(s.categories, input.categoryCode!));
	if (missing)
		return {
			kind: 'skip',
			reason: 'no_category',
			detail: `${input.categoryCode} is not priced by ${missing.id}`
		};
	const m3 = billedM3(input.consumptionM3, input.creditM3, input.backBilledM3);
	const quote = quoteParsed({
		schedules: inForce,
		customer: {
			category: input.categoryCode,
			households: input.households,
			persons: input.persons
		},
		...interval,
		consumption: m3
	} as Parameters<typeof quoteParsed>[0]);
	return { kind: 'bill', m3, ...interval, quote, scheduleCodes: inForce.map((s) => s.id) };
}

/** What an invoice keeps of a quote line: the fields its print, PDF and XML read. */
export type InvoiceLine = Pick<
	QuoteLine,
	| 'scheduleId'
	| 'days'
	| 'periodDays'
	| 'block'
	| 'from'
	| 'to'
	| 'm3'
	| 'price'
	| 'amount'
	| 'share'
>;

/**
 * The lines an invoice stores: the blocks the consumption reached (an empty block bills
 * nothing and explains nothing), without what its schedule id already says. A million bills
 * a run: every byte of a line is written a million times.
 */
export function invoiceLines(lines: readonly QuoteLine[]): InvoiceLine[] {
	return lines
		.filter((l) => l.m3 > 0)
		.map(({ scheduleId, days, periodDays, block, from, to, m3, price, amount, share }) => ({
			scheduleId,
			days,
			periodDays,
			block,
			from,
			to,
			m3,
			price,
			amount,
			share
		}));
}
