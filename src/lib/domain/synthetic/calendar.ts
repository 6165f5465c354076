/**
 * Calendar of the synthetic utility: 'today' is fixed so the data never depends on the clock,
 * and the twelve reading periods (kỳ ghi) end with the current, open month. Dates are calendar
 * dates in Asia/Ho_Chi_Minh; timestamps carry the +07:00 offset.
 */
import type { IsoDate, ReadingPeriodRow, Timestamp } from './types.ts';

export const TODAY: IsoDate = '2026-11-23';
export const FIRST_PERIOD: IsoDate = '2025-12-01';
export const PERIOD_COUNT = 12;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01. */
export function toDay(iso: IsoDate): number {
	return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function fromDay(day: number): IsoDate {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
	return fromDay(toDay(iso) + days);
}

/** Same calendar day n years later (29 February falls back to the 28th). */
export function addYears(iso: IsoDate, years: number): IsoDate {
	const y = Number(iso.slice(0, 4)) + years;
	const rest = iso.slice(4);
	return rest === '-02-29' ? `${y}-02-28` : `${y}${rest}`;
}

/** First day of the month `months` after the month of `iso`. */
export function addMonths(iso: IsoDate, months: number): IsoDate {
	const y = Number(iso.slice(0, 4));
	const m = Number(iso.slice(5, 7)) - 1 + months;
	const year = y + Math.floor(m / 12);
	const month = ((m % 12) + 12) % 12;
	return `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** Local timestamp at `minutes` after midnight, e.g. 450 = 07:30. */
export function at(iso: IsoDate, minutes: number): Timestamp {
	const h = String(Math.floor(minutes / 60)).padStart(2, '0');
	const m = String(minutes % 60).padStart(2, '0');
	return `${iso}T${h}:${m}:00+07:00`;
}

export function periodMonth(p: number): IsoDate {
	return addMonths(FIRST_PERIOD, p);
}

/** The day a route reads in period p (its reading day of that month). */
export function readingDate(p: number, readingDay: number): IsoDate {
	return addDays(periodMonth(p), readingDay - 1);
}

/**
 * December 2025 … November 2026. All but the last are closed on the 5th and locked on the
 * 10th of the following month; the last is the open, current period.
 */
export function buildPeriods(): ReadingPeriodRow[] {
	return Array.from({ length: PERIOD_COUNT }, (_, p) => {
		const month = periodMonth(p);
		const next = addMonths(month, 1);
		const open = p === PERIOD_COUNT - 1;
		return {
			id: p + 1,
			periodMonth: month,
			status: open ? 'open' : 'locked',
			openedAt: at(month, 0),
			closedAt: open ? null : at(addDays(next, 4), 17 * 60),
			lockedAt: open ? null : at(addDays(next, 9), 17 * 60)
		};
	});
}
