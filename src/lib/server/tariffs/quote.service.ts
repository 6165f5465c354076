/**
 * The quote tool's server side: a customer and a reading period become a tariff.md case
 * (category through the mapping, households, persons, the billed interval between the two
 * readings and the period's m³), or a case is entered by hand; either is quoted by the same
 * domain function the billing engine and the CLI call, with the stored decisions. A billing
 * clerk only sees the customers on their routes.
 */
import { dayNumber, isoDate } from '../../domain/tariff/days.ts';
import { quote, type Quote } from '../../domain/tariff/quote.ts';
import { TariffCaseError, type CaseIssue } from '../../domain/tariff/tariff.schema.ts';
import type { Database } from '../db/connection.ts';
import { listPeriods } from '../readings/readings.repository.ts';
import { listCategories } from './categories.repository.ts';
import * as repo from './quote.repository.ts';
import { TariffError } from './tariffs.errors.ts';
import { categoryCodes, scheduleCases } from './tariffs.repository.ts';

/** Whose customers a user may quote: null = every route. */
export interface QuoteScope {
	routeIds: readonly number[] | null;
}

/** A case as tariff.md gives it (consumption form), ready for quote(). */
export interface QuoteCase {
	schedules: Awaited<ReturnType<typeof scheduleCases>>[number]['schedule'][];
	customer: { category: string; households: number; persons: number };
	previousReadingOn: string;
	currentReadingOn: string;
	consumption: number;
}

/** The month's boundaries: the day before its first day and its last day. */
function monthBounds(periodMonth: string): { previous: string; current: string } {
	const first = dayNumber(periodMonth)!;
	const [y, m] = periodMonth.split('-').map(Number);
	const next = dayNumber(`${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`)!;
	return { previous: isoDate(first - 1), current: isoDate(next - 1) };
}

export const monthLabel = (periodMonth: string) =>
	`${periodMonth.slice(5, 7)}/${periodMonth.slice(0, 4)}`;

/** The customer when it is on the user's routes; out of scope reads as missing. */
async function visibleCustomer(
	db: Database,
	scope: QuoteScope,
	id: number | undefined,
	shown: string
): Promise<repo.QuoteCustomer> {
	const customer = id === undefined ? undefined : await repo.quoteCustomer(db, id);
	const visible =
		customer &&
		(scope.routeIds === null ||
			(customer.route_id !== null && scope.routeIds.includes(customer.route_id)));
	if (!visible)
		throw TariffError.of(404, 'customer', `không tìm thấy khách hàng ${shown} trong tuyến của bạn`);
	return customer;
}

/**
 * The case of a customer's bill for a period. Dates are the days the previous and this
 * period's readings were taken (Asia/Ho_Chi_Minh), else the month's boundaries.
 */
export async function caseForCustomer(
	db: Database,
	scope: QuoteScope,
	customerId: number,
	periodId: number
): Promise<QuoteCase> {
	const customer = await visibleCustomer(db, scope, customerId, String(customerId));
	const category = (await categoryCodes(db)).get(customer.category);
	if (!category)
		throw TariffError.of(
			422,
			'customer',
			`nhóm khách hàng ${customer.category} chưa gắn mã giá (Biểu giá → ánh xạ nhóm)`
		);
	const found = await repo.periodReading(db, customerId, periodId);
	if (!found) throw TariffError.of(404, 'period', `kỳ ghi ${periodId} không tồn tại`);
	const reading = found.reading;
	if (!reading || reading.consumption_m3 === null)
		throw TariffError.of(
			422,
			'period',
			`khách hàng ${customer.code} chưa có chỉ số kỳ ${monthLabel(found.period_month)}`
		);
	const bounds = monthBounds(found.period_month);
	let previous = reading.previous_read_on ?? bounds.previous;
	let current = reading.read_on ?? bounds.current;
	// A reading taken out of order (previous on or after this one) bills the calendar month.
	if (previous >= current) [previous, current] = [bounds.previous, bounds.current];
	return {
		schedules: (await scheduleCases(db)).map((s) => s.schedule),
		customer: { category, households: customer.households, persons: customer.persons },
		previousReadingOn: previous,
		currentReadingOn: current,
		consumption: Number(reading.consumption_m3)
	};
}

/** Finds a customer by code (KH00000001), within the user's routes. */
export async function customerByCode(db: Database, scope: QuoteScope, code: string) {
	const trimmed = code.trim().toUpperCase();
	const id = /^KH\d{1,12}$/.test(trimmed) ? await repo.customerIdByCode(db, trimmed) : undefined;
	return visibleCustomer(db, scope, id, trimmed);
}

/** What the clerk types by hand; numbers arrive as the form's text. */
export interface ManualInput {
	category: string;
	households: string;
	persons: string;
	previousReadingOn: string;
	currentReadingOn: string;
	consumption: string;
	previousIndex: string;
	currentIndex: string;
	digits: string;
}

// The case's paths as the form names its inputs.
const formField: Record<string, string> = {
	'customer.category': 'category',
	'customer.households': 'households',
	'customer.persons': 'persons',
	'readings.previous': 'previousIndex',
	'readings.current': 'currentIndex',
	'readings.digits': 'digits'
};

/** A number when the text is one; the text itself otherwise, so the schema names the field. */
function numeric(text: string): number | string | undefined {
	const t = text.trim().replace(',', '.');
	if (t === '') return undefined;
	return Number.isFinite(Number(t)) ? Number(t) : t;
}

/** The case the form describes: readings when an index was entered, else consumption. */
export function manualCase(schedules: QuoteCase['schedules'], input: ManualInput): unknown {
	const byIndex = input.previousIndex.trim() !== '' || input.currentIndex.trim() !== '';
	return {
		schedules,
		customer: {
			category: input.category.trim(),
			households: numeric(input.households),
			persons: numeric(input.persons)
		},
		previousReadingOn: input.previousReadingOn.trim(),
		currentReadingOn: input.currentReadingOn.trim(),
		...(byIndex
			? {
					readings: {
						previous: numeric(input.previousIndex),
						current: numeric(input.currentIndex),
						digits: numeric(input.digits)
					}
				}
			: { consumption: numeric(input.consumption) })
	};
}

/** Quotes a case; a refused one becomes a 400 naming the form's fields. */
export function quoteCase(input: unknown): Quote {
	try {
		return quote(input);
	} catch (err) {
		if (!(err instanceof TariffCaseError)) throw err;
		const issues: CaseIssue[] = err.issues.map((i) => ({
			field: formField[i.field] ?? (i.field.startsWith('schedules') ? 'schedules' : i.field),
			reason: i.reason
		}));
		throw new TariffError(400, issues);
	}
}

/** A hand-entered case quoted with the stored decisions. */
export async function quoteByHand(db: Database, input: ManualInput): Promise<Quote> {
	const schedules = (await scheduleCases(db)).map((s) => s.schedule);
	return quoteCase(manualCase(schedules, input));
}

/** The periods and tariff codes the quote tool offers. */
export async function quoteChoices(db: Database) {
	const periods = await listPeriods(db);
	return {
		periods: periods.map((p) => ({
			id: p.id,
			label: monthLabel(p.period_month),
			status: p.status
		})),
		codes: (await listCategories(db)).map((c) => ({ code: c.code, name: c.name }))
	};
}

/** A case as the hand-entry form shows it, so the clerk can try a variation of a real bill. */
export function fieldsOf(c: QuoteCase): ManualInput {
	return {
		category: c.customer.category,
		households: String(c.customer.households),
		persons: String(c.customer.persons),
		previousReadingOn: c.previousReadingOn,
		currentReadingOn: c.currentReadingOn,
		consumption: String(c.consumption),
		previousIndex: '',
		currentIndex: '',
		digits: ''
	};
}

/** A customer's bill for a period, by code (KH00000001) and period id, within the user's routes. */
export async function quoteForCustomer(
	db: Database,
	scope: QuoteScope,
	code: string,
	periodId: string
) {
	const customer = await customerByCode(db, scope, code);
	if (!/^\d{1,9}$/.test(periodId)) throw TariffError.of(400, 'period', 'chọn kỳ ghi');
	const c = await caseForCustomer(db, scope, customer.id, Number(periodId));
	return { customer, tariffCode: c.customer.category, fields: fieldsOf(c), quote: quoteCase(c) };
}
