import { describe, expect, it } from 'vitest';
import { quote } from '../tariff/quote.ts';
import type { Schedule } from '../tariff/tariff.schema.ts';
import { hanoi2023, hanoi2024, hanoiCase } from '../tariff/tariff.fixtures.ts';
import { billCustomer, billedM3, billingInterval, invoiceLines, type BillInput } from './bill.ts';

const schedules = [hanoi2023, hanoi2024] as unknown as Schedule[];

function input(overrides: Partial<BillInput> = {}): BillInput {
	return {
		schedules,
		categoryCode: 'SH',
		households: 1,
		persons: 4,
		periodMonth: '2024-03-01',
		readOn: '2024-03-31',
		previousReadOn: '2024-03-01',
		consumptionM3: 25,
		creditM3: 0,
		backBilledM3: 0,
		...overrides
	};
}

describe('billingInterval', () => {
	it('takes the two reading dates', () => {
		expect(billingInterval('2024-03-01', '2024-03-28', '2024-02-27')).toEqual({
			previousReadingOn: '2024-02-27',
			currentReadingOn: '2024-03-28'
		});
	});
	it('falls back to the calendar month when a date is missing', () => {
		expect(billingInterval('2024-02-01', null, null)).toEqual({
			previousReadingOn: '2024-01-31',
			currentReadingOn: '2024-02-29'
		});
		expect(billingInterval('2024-12-01', '2024-12-20', null).previousReadingOn).toBe('2024-11-30');
	});
	it('never gives an empty or reversed interval', () => {
		const { previousReadingOn, currentReadingOn } = billingInterval(
			'2024-03-01',
			'2024-03-05',
			'2024-03-09'
		);
		expect(previousReadingOn < currentReadingOn).toBe(true);
	});
});

describe('billedM3', () => {
	it('adds back-billing, takes the credit off, never below zero, exact to the litre', () => {
		expect(billedM3(12.345, 0, 0.1)).toBe(12.445);
		expect(billedM3(0.3, 0.1, 0)).toBe(0.2);
		expect(billedM3(2, 5, 0)).toBe(0);
	});
});

describe('billCustomer', () => {
	it('bills exactly what the quote CLI quotes for the same case', () => {
		const outcome = billCustomer(input());
		expect(outcome.kind).toBe('bill');
		if (outcome.kind !== 'bill') return;
		const expected = quote(hanoiCase({ consumption: 25 }));
		expect(outcome.quote.total).toBe(expected.total);
		expect(outcome.quote.total).toBe(303600);
		expect(outcome.scheduleCodes).toEqual(['HN-3541-2024']);
	});
	it('prorates across a price change inside the period and names both decisions', () => {
		const outcome = billCustomer(
			input({ periodMonth: '2024-01-01', previousReadOn: '2023-12-15', readOn: '2024-01-15' })
		);
		if (outcome.kind !== 'bill') throw new Error(outcome.detail);
		expect(outcome.scheduleCodes).toEqual(['HN-3541-2023', 'HN-3541-2024']);
		expect(new Set(outcome.quote.lines.map((l) => l.days))).toEqual(new Set([16, 15]));
	});
	it('skips a customer whose category maps to no tariff code', () => {
		expect(billCustomer(input({ categoryCode: null }))).toMatchObject({ reason: 'no_category' });
	});
	it('skips a code that a decision in force does not price', () => {
		const outcome = billCustomer(
			input({ categoryCode: 'KD', periodMonth: '2024-01-01', previousReadOn: '2023-12-16' })
		);
		expect(outcome).toMatchObject({ kind: 'skip', reason: 'no_category' });
		if (outcome.kind === 'skip') expect(outcome.detail).toContain('HN-3541-2023');
	});
	it('skips when no decision is in force on the first day', () => {
		expect(
			billCustomer(input({ periodMonth: '2023-06-01', previousReadOn: null, readOn: null }))
		).toMatchObject({ reason: 'no_schedule' });
	});
	it('skips without a usable reading', () => {
		expect(billCustomer(input({ consumptionM3: null }))).toMatchObject({ reason: 'no_reading' });
	});
	it('bills zero consumption as a zero invoice', () => {
		const outcome = billCustomer(input({ consumptionM3: 0 }));
		expect(outcome).toMatchObject({ kind: 'bill', m3: 0 });
		if (outcome.kind === 'bill') expect(outcome.quote.total).toBe(0);
	});
});

describe('invoiceLines', () => {
	it('keeps the blocks reached, with the fields the invoice prints', () => {
		const outcome = billCustomer(input({ consumptionM3: 15 }));
		if (outcome.kind !== 'bill') throw new Error(outcome.detail);
		const lines = invoiceLines(outcome.quote.lines);
		expect(lines.map((l) => [l.block, l.m3, l.amount])).toEqual([
			[1, 10, 85000],
			[2, 5, 49500]
		]);
		expect(Object.keys(lines[0]).sort()).toEqual(
			[
				'amount',
				'block',
				'days',
				'from',
				'm3',
				'periodDays',
				'price',
				'scheduleId',
				'share',
				'to'
			].sort()
		);
		expect(invoiceLines(outcome.quote.lines).reduce((s, l) => s + l.share, 0)).toBe(
			outcome.quote.water
		);
	});
});
