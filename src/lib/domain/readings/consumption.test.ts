import { describe, expect, it } from 'vitest';
import { bookedIndex, consumption, dialStep, estimateM3 } from './consumption.ts';
import { parseIndex } from './meter-index.ts';

const plain = { dialDigits: 5, pendingEstimateM3: 0 };

describe('dial steps', () => {
	it('counts forward, a rollover past the maximum, and a rollback', () => {
		expect(dialStep(1200, 1234.5, 5)).toEqual({ kind: 'forward', m3: 34.5 });
		// 99,980 → 00,015 on a 5-digit dial: 20 m³ to 99,999 + 15 past zero.
		expect(dialStep(99_980, 15, 5)).toEqual({ kind: 'rollover', m3: 35 });
		// 1,234 → 1,200: a misread or a meter turned back, not a trip round the dial.
		expect(dialStep(1234, 1200, 5)).toEqual({ kind: 'rollback', m3: -34 });
		// The wrap must be under a tenth of the range: 4 digits, 9,000 → 0 is 1,000 m³: rollback.
		expect(dialStep(9000, 0, 4).kind).toBe('rollback');
		expect(dialStep(9001, 0, 4)).toEqual({ kind: 'rollover', m3: 999 });
	});
});

describe('consumption', () => {
	it('is current − previous, with 3-decimal m³', () => {
		expect(consumption({ ...plain, previousIndex: 100.1, currentIndex: 112.35 })).toEqual({
			consumptionM3: 12.25,
			rollover: false,
			rollback: false,
			oldMeterM3: null,
			settledEstimateM3: null,
			creditM3: 0
		});
	});

	it('wraps a rollover and holds a rollback at zero', () => {
		expect(consumption({ ...plain, previousIndex: 99_990, currentIndex: 8 })).toMatchObject({
			consumptionM3: 18,
			rollover: true,
			rollback: false
		});
		expect(consumption({ ...plain, previousIndex: 5000, currentIndex: 4990 })).toMatchObject({
			consumptionM3: 0,
			rollback: true
		});
	});

	it('adds both meters when the meter was replaced in the period', () => {
		// Old meter: 1,500 → final 1,512 (12 m³); new meter: initial 0 → 7 (7 m³).
		const c = consumption({
			dialDigits: 6,
			previousIndex: 0,
			currentIndex: 7,
			pendingEstimateM3: 0,
			replacement: {
				oldPreviousIndex: 1500,
				oldFinalIndex: 1512,
				oldDialDigits: 5,
				newInitialIndex: 0
			}
		});
		expect(c).toMatchObject({ consumptionM3: 19, oldMeterM3: 12, rollback: false });
		// The new meter may start from a non-zero index, the old one may have rolled over.
		expect(
			consumption({
				dialDigits: 5,
				previousIndex: 3,
				currentIndex: 10,
				pendingEstimateM3: 0,
				replacement: {
					oldPreviousIndex: 99_995,
					oldFinalIndex: 2,
					oldDialDigits: 5,
					newInitialIndex: 3
				}
			})
		).toMatchObject({ consumptionM3: 14, oldMeterM3: 7, rollover: true });
	});

	it('settles estimates at the next actual reading, crediting an over-estimate', () => {
		// Last actual 1,000; two estimates of 15 booked → previous 1,030. Actual now 1,040.
		expect(
			consumption({ ...plain, previousIndex: 1030, currentIndex: 1040, pendingEstimateM3: 30 })
		).toMatchObject({
			consumptionM3: 10,
			settledEstimateM3: 30,
			creditM3: 0
		});
		// Actual now 1,022: 22 m³ used since the last actual, 30 billed → 0 now, 8 credited.
		expect(
			consumption({ ...plain, previousIndex: 1030, currentIndex: 1022, pendingEstimateM3: 30 })
		).toMatchObject({
			consumptionM3: 0,
			rollback: false,
			settledEstimateM3: 30,
			creditM3: 8
		});
		// Below the last actual index is still a rollback.
		expect(
			consumption({ ...plain, previousIndex: 1030, currentIndex: 990, pendingEstimateM3: 30 })
		).toMatchObject({
			rollback: true,
			creditM3: 0
		});
	});

	it('settles estimates that carried the booked index past the dial maximum', () => {
		// Last actual 99,990, estimate 20 booked → 10. Actual 99,998: 8 used, 12 credited.
		expect(
			consumption({ ...plain, previousIndex: 10, currentIndex: 99_998, pendingEstimateM3: 20 })
		).toMatchObject({
			consumptionM3: 0,
			creditM3: 12,
			rollback: false
		});
	});
});

describe('estimates', () => {
	it('averages the last 3 actual periods in whole m³', () => {
		expect(estimateM3([10, 12, 15, 40])).toBe(12);
		expect(estimateM3([7])).toBe(7);
		expect(estimateM3([])).toBeNull();
	});

	it('books previous + estimate on the dial', () => {
		expect(bookedIndex(1000, 12, 5)).toBe(1012);
		expect(bookedIndex(99_995, 12, 5)).toBe(7);
	});
});

describe('typed indexes', () => {
	it('accepts digits with a decimal comma', () => {
		expect(parseIndex('chỉ số', '1234,5', 5)).toEqual({ ok: true, value: 1234.5 });
		expect(parseIndex('chỉ số', 42, 5)).toEqual({ ok: true, value: 42 });
	});

	it('refuses text, too many digits or decimals, and blanks, naming the field', () => {
		expect(parseIndex('chỉ số', 'abc', 5)).toEqual({
			ok: false,
			error: { field: 'chỉ số', reason: '"abc" không phải là số' }
		});
		expect(parseIndex('chỉ số', '123456', 5)).toMatchObject({
			ok: false,
			error: { reason: expect.stringContaining('5 chữ số') }
		});
		expect(parseIndex('chỉ số', '1.2345', 5)).toMatchObject({ ok: false });
		expect(parseIndex('chỉ số', '-3', 5)).toMatchObject({ ok: false });
		expect(parseIndex('chỉ số', ' ', 5)).toMatchObject({
			ok: false,
			error: { reason: 'bắt buộc nhập chỉ số' }
		});
		// Leading zeros are what a dial shows: 00123 fits 5 digits.
		expect(parseIndex('chỉ số', '00123', 5)).toEqual({ ok: true, value: 123 });
	});
});
