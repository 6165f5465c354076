import { describe, expect, it } from 'vitest';
import { addAgeing, bucketOf, daysPastDue, emptyBuckets } from './ageing.ts';

describe('bucketOf', () => {
	it.each([
		[-15, 'current'],
		[0, 'current'],
		[1, 'd1_30'],
		[30, 'd1_30'],
		[31, 'd31_60'],
		[60, 'd31_60'],
		[61, 'd61_90'],
		[90, 'd61_90'],
		[91, 'over90'],
		[4000, 'over90']
	])('%i days past due is %s', (days, bucket) => {
		expect(bucketOf(days)).toBe(bucket);
	});

	it('refuses fractions of a day', () => {
		expect(() => bucketOf(30.5)).toThrow(/whole days/);
	});
});

describe('daysPastDue', () => {
	it('counts calendar days, negative before the due date', () => {
		expect(daysPastDue('2026-10-15', '2026-10-15')).toBe(0);
		expect(daysPastDue('2026-10-15', '2026-11-14')).toBe(30);
		expect(daysPastDue('2026-10-15', '2026-11-15')).toBe(31);
		expect(daysPastDue('2026-10-15', '2026-10-01')).toBe(-14);
	});

	it('crosses month ends, leap days and the year boundary', () => {
		expect(daysPastDue('2028-02-28', '2028-03-01')).toBe(2);
		expect(daysPastDue('2026-12-31', '2027-01-01')).toBe(1);
		expect(daysPastDue('2026-01-01', '2027-01-01')).toBe(365);
	});

	it('refuses dates that are not YYYY-MM-DD', () => {
		expect(() => daysPastDue('15/10/2026', '2026-10-15')).toThrow(/YYYY-MM-DD/);
	});
});

describe('addAgeing', () => {
	it('adds customers, each bucket and the total', () => {
		const a = {
			customers: 2,
			amounts: { ...emptyBuckets(), current: 100, over90: 50 },
			total: 150
		};
		const b = { customers: 1, amounts: { ...emptyBuckets(), d1_30: 7, over90: -20 }, total: -13 };
		expect(addAgeing([a, b])).toEqual({
			customers: 3,
			amounts: { current: 100, d1_30: 7, d31_60: 0, d61_90: 0, over90: 30 },
			total: 137
		});
	});

	it('is all zeros for no lines', () => {
		expect(addAgeing([])).toEqual({ customers: 0, amounts: emptyBuckets(), total: 0 });
	});
});
