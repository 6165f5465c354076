import { describe, expect, it } from 'vitest';
import { difference, isEmpty, standingBill, totalOf, type BillAmounts } from './adjustment.ts';

const bill = (m3: number, water: number, vat: number, env: number): BillAmounts => ({
	consumptionM3: m3,
	waterVnd: water,
	vatVnd: vat,
	envFeeVnd: env,
	drainageVnd: 0,
	drainageVatVnd: 0
});

describe('adjustment amounts', () => {
	it('bills the difference from the bill as it stands after earlier adjustments', () => {
		const original = bill(25, 264_000, 13_200, 26_400);
		const earlier = bill(-5, -80_000, -4_000, -8_000);
		const standing = standingBill(original, [earlier]);
		expect(standing).toEqual(bill(20, 184_000, 9_200, 18_400));
		// Corrected to 22.5 m³: 10 × 8 500 + 10 × 9 900 + 2.5 × 16 000 = 224 000.
		const d = difference(bill(22.5, 224_000, 11_200, 22_400), standing);
		expect(d).toEqual(bill(2.5, 40_000, 2_000, 4_000));
		expect(totalOf(d)).toBe(46_000);
		expect(isEmpty(d)).toBe(false);
	});

	it('keeps m³ to 3 decimals and sees when nothing changes', () => {
		const a = bill(0.1, 0, 0, 0);
		const standing = standingBill(bill(0.2, 1, 0, 0), [a]);
		expect(standing.consumptionM3).toBe(0.3);
		expect(isEmpty(difference(standing, standing))).toBe(true);
	});
});
