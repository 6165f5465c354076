/** Own cases beyond tariff.md: proration, bases, units, fractions, charges, exactness. */
import { describe, expect, it } from 'vitest';
import { quote, type Quote } from './quote.ts';
import { hanoi2023, hanoi2024, hanoiCase, hcmc2022, hcmcCase } from './tariff.fixtures.ts';

const amounts = ({ lines: _lines, ...rest }: Quote) => rest;

/** A hypothetical step after Hanoi's 2024 one, with drainage instead of the envFee. */
const hanoiLate2024 = {
	id: 'HN-TEST-2024-01-10',
	effectiveFrom: '2024-01-10',
	vatRate: 0.05,
	categories: {
		SH: {
			basis: 'household',
			blocks: [
				{ upTo: 10, price: 9000 },
				{ upTo: 20, price: 10000 },
				{ upTo: 30, price: 17000 },
				{ upTo: null, price: 28000 }
			]
		}
	},
	charges: [{ type: 'drainage', rate: 0.3, vatRate: 0.08 }]
};

describe('proration by days', () => {
	it('splits a period across two schedules', () => {
		// (2023-12-15, 2024-01-14]: D = 30; Dec 16–31 = 16 days at 2023 prices, Jan 1–14 = 14 at 2024's.
		// f_2023(25) = 10×7 500 + 10×8 800 + 5×12 000 = 223 000; f_2024(25) = 264 000.
		// water = (16×223 000 + 14×264 000) / 30 = 7 264 000 / 30 = 242 133.33 → 242 133.
		// Rates from the 2024 schedule (in force on 2024-01-14): vat 5% = 12 106.65 → 12 107;
		// envFee 10% = 24 213.3 → 24 213. total = 278 453.
		const result = quote(
			hanoiCase({
				schedules: [hanoi2024, hanoi2023],
				previousReadingOn: '2023-12-15',
				currentReadingOn: '2024-01-14'
			})
		);
		expect(amounts(result)).toEqual({
			water: 242133,
			vat: 12107,
			envFee: 24213,
			drainage: 0,
			drainageVat: 0,
			total: 278453
		});
		expect(
			result.lines.map((line) => [line.scheduleId, line.days, line.block, line.shareExact])
		).toEqual([
			['HN-3541-2023', 16, 1, '40000'],
			['HN-3541-2023', 16, 2, '140800/3'],
			['HN-3541-2023', 16, 3, '32000'],
			['HN-3541-2023', 16, 4, '0'],
			['HN-3541-2024', 14, 1, '119000/3'],
			['HN-3541-2024', 14, 2, '46200'],
			['HN-3541-2024', 14, 3, '112000/3'],
			['HN-3541-2024', 14, 4, '0']
		]);
	});

	it('splits a period across three schedules and takes the rates of the last', () => {
		// (2023-12-25, 2024-01-20]: D = 26; 6 days (Dec 26–31) 2023, 9 days (Jan 1–9) 2024,
		// 11 days (Jan 10–20) the test step. q = 12.5 m³, one household:
		// f_2023 = 75 000 + 2.5×8 800 = 97 000; f_2024 = 85 000 + 2.5×9 900 = 109 750;
		// f_test = 90 000 + 2.5×10 000 = 115 000.
		// water = (6×97 000 + 9×109 750 + 11×115 000) / 26 = 2 834 750 / 26 = 109 028.85 → 109 029.
		// vat 5% = 5 451.45 → 5 451; drainage 30% = 32 708.7 → 32 709; its VAT 8% = 2 616.72 → 2 617.
		// total = 109 029 + 5 451 + 32 709 + 2 617 = 149 806.
		const result = quote(
			hanoiCase({
				schedules: [hanoi2023, hanoi2024, hanoiLate2024],
				previousReadingOn: '2023-12-25',
				currentReadingOn: '2024-01-20',
				consumption: 12.5
			})
		);
		expect(amounts(result)).toEqual({
			water: 109029,
			vat: 5451,
			envFee: 0,
			drainage: 32709,
			drainageVat: 2617,
			total: 149806
		});
		expect([
			...new Set(result.lines.map((line) => `${line.scheduleId}:${line.days}/${line.periodDays}`))
		]).toEqual(['HN-3541-2023:6/26', 'HN-3541-2024:9/26', 'HN-TEST-2024-01-10:11/26']);
	});

	it('ignores schedules outside the period, even when they lack the category', () => {
		const poorOnly2024 = {
			...hcmc2022,
			id: 'OLD',
			effectiveFrom: '2020-01-01',
			categories: { KD: hcmc2022.categories.KD }
		};
		expect(amounts(quote(hcmcCase({ schedules: [poorOnly2024, hcmc2022] })))).toMatchObject({
			water: 542200
		});
	});

	it('counts the period (previous, current]: a schedule starting on the current day gets one day', () => {
		// (2024-01-08, 2024-01-10]: D = 2; Jan 9 at 2024 prices, Jan 10 at the test step.
		// q = 10: f_2024 = 85 000, f_test = 90 000 → water = (85 000 + 90 000) / 2 = 87 500.
		const result = quote(
			hanoiCase({
				schedules: [hanoi2024, hanoiLate2024],
				previousReadingOn: '2024-01-08',
				currentReadingOn: '2024-01-10',
				consumption: 10
			})
		);
		expect(result.water).toBe(87500);
		expect(result.drainage).toBe(26250); // 30% of 87 500, the closing schedule's charge
	});
});

describe('bases and units', () => {
	it('scales person blocks with several persons', () => {
		// 3 persons: bounds 12, 18, open. 12×6 700 + 6×12 900 + 7×14 400 = 80 400 + 77 400 + 100 800 = 258 600.
		// vat 12 930; drainage 77 580; its VAT 7 758; total 356 868.
		const result = quote(
			hcmcCase({ customer: { category: 'SH', households: 1, persons: 3 }, consumption: 25 })
		);
		expect(amounts(result)).toEqual({
			water: 258600,
			vat: 12930,
			envFee: 0,
			drainage: 77580,
			drainageVat: 7758,
			total: 356868
		});
		expect(result.lines.map((line) => [line.from, line.to, line.m3])).toEqual([
			[0, 12, 12],
			[12, 18, 6],
			[18, null, 7]
		]);
	});

	it('prices everything at the top block when no person is registered', () => {
		// bounds 0, 0, open: 10 × 14 400 = 144 000.
		const result = quote(
			hcmcCase({ customer: { category: 'SH', households: 1, persons: 0 }, consumption: 10 })
		);
		expect(result.water).toBe(144000);
	});

	it('scales household blocks with several households', () => {
		// 3 households: bounds 30, 60, 90. 30×8 500 + 30×9 900 + 10×16 000 = 712 000.
		// vat 35 600; envFee 71 200; total 818 800.
		const result = quote(
			hanoiCase({ customer: { category: 'SH', households: 3, persons: 12 }, consumption: 70 })
		);
		expect(amounts(result)).toEqual({
			water: 712000,
			vat: 35600,
			envFee: 71200,
			drainage: 0,
			drainageVat: 0,
			total: 818800
		});
	});

	it('bills a flat category at one price', () => {
		// KD: 7.5 × 29 000 = 217 500; vat 10 875; envFee 21 750; total 250 125.
		const result = quote(
			hanoiCase({ customer: { category: 'KD', households: 1, persons: 0 }, consumption: 7.5 })
		);
		expect(amounts(result)).toEqual({
			water: 217500,
			vat: 10875,
			envFee: 21750,
			drainage: 0,
			drainageVat: 0,
			total: 250125
		});
		expect(result.lines).toEqual([
			expect.objectContaining({
				basis: 'flat',
				units: null,
				block: 1,
				from: 0,
				to: null,
				m3: 7.5,
				price: 29000,
				amount: 217500
			})
		]);
	});
});

describe('quantities', () => {
	it('bills zero consumption as zero and still lists the blocks', () => {
		const result = quote(hanoiCase({ consumption: 0 }));
		expect(amounts(result)).toEqual({
			water: 0,
			vat: 0,
			envFee: 0,
			drainage: 0,
			drainageVat: 0,
			total: 0
		});
		expect(result.lines.map((line) => line.m3)).toEqual([0, 0, 0, 0]);
	});

	it('bills fractional m³ exactly', () => {
		// 12.345 m³: 10×8 500 + 2.345×9 900 = 85 000 + 23 215.5 = 108 215.5 → 108 216 (half-up).
		// vat 5 410.8 → 5 411; envFee 10 821.6 → 10 822; total 124 449.
		const result = quote(hanoiCase({ consumption: 12.345 }));
		expect(amounts(result)).toEqual({
			water: 108216,
			vat: 5411,
			envFee: 10822,
			drainage: 0,
			drainageVat: 0,
			total: 124449
		});
		expect(result.lines[1]).toMatchObject({ m3: 2.345, amount: 23215.5, shareExact: '46431/2' });
	});

	it('takes fractional readings and a rollover on a 5-digit dial', () => {
		// 99 998.5 → 3.25 on 5 digits: 3.25 − 99 998.5 + 100 000 = 4.75 m³ → 4.75 × 8 500 = 40 375.
		const result = quote(
			hanoiCase({
				consumption: undefined,
				readings: { previous: 99998.5, current: 3.25, digits: 5 }
			})
		);
		expect(result.water).toBe(40375);
	});
});

describe('charges', () => {
	const limited = {
		...hanoi2024,
		charges: [
			{ type: 'envFee', rate: 0.1, categories: ['SH'] },
			{ type: 'drainage', rate: 0.3, vatRate: 0.1, categories: ['KD'] }
		]
	};

	it('applies a drainage charge only to its categories', () => {
		// KD 7.5 m³: water 217 500; vat 10 875; no envFee; drainage 65 250; its VAT 6 525; total 300 150.
		const kd = quote(
			hanoiCase({
				schedules: [limited],
				customer: { category: 'KD', households: 1, persons: 0 },
				consumption: 7.5
			})
		);
		expect(amounts(kd)).toEqual({
			water: 217500,
			vat: 10875,
			envFee: 0,
			drainage: 65250,
			drainageVat: 6525,
			total: 300150
		});
		const sh = quote(hanoiCase({ schedules: [limited] }));
		expect(amounts(sh)).toEqual({
			water: 264000,
			vat: 13200,
			envFee: 26400,
			drainage: 0,
			drainageVat: 0,
			total: 303600
		});
	});

	it('applies no charge to a category outside every list', () => {
		const hcsn = quote(
			hanoiCase({
				schedules: [limited],
				customer: { category: 'HCSN', households: 1, persons: 0 },
				consumption: 2
			})
		);
		expect(amounts(hcsn)).toEqual({
			water: 27000,
			vat: 1350,
			envFee: 0,
			drainage: 0,
			drainageVat: 0,
			total: 28350
		});
	});
});

describe('exactness', () => {
	/** The same contract in floating point, as a naive implementation would write it. */
	function floatWater(consumption: number): number {
		const blocks = hanoi2024.categories.SH.blocks;
		let previous = 0;
		let water = 0;
		for (const block of blocks) {
			const bound = block.upTo ?? Infinity;
			water += Math.max(Math.min(consumption, bound) - previous, 0) * block.price;
			previous = bound;
		}
		return Math.round(water);
	}

	it('bills 10.165 m³ as 86 634 where floating point loses a đồng', () => {
		// Exact: 85 000 + 0.165 × 9 900 = 85 000 + 1 633.5 = 86 633.5 → 86 634 (half-up).
		// In floats 10.165 − 10 = 0.16499999999999915, so the sum is 86 633.49999999999 → 86 633.
		expect(floatWater(10.165)).toBe(86633);
		expect(quote(hanoiCase({ consumption: 10.165 })).water).toBe(86634);
	});

	it('bills 0.043 m³ as 366 where 0.043 × 8 500 is 365.49999999999994 in floats', () => {
		expect(0.043 * 8500).toBeLessThan(365.5);
		expect(floatWater(0.043)).toBe(365);
		expect(quote(hanoiCase({ consumption: 0.043 })).water).toBe(366);
	});

	it('reads decimal prices and rates exactly', () => {
		// 3 × 1 234.55 = 3 703.65 → 3 704; vat at 0.07 = 259.28 → 259; envFee at 0.105 = 388.92 → 389.
		const schedule = {
			id: 'DECIMALS',
			effectiveFrom: '2024-01-01',
			vatRate: 0.07,
			categories: { SX: { basis: 'flat', price: 1234.55 } },
			charges: [{ type: 'envFee', rate: 0.105 }]
		};
		const result = quote(
			hanoiCase({
				schedules: [schedule],
				customer: { category: 'SX', households: 1, persons: 0 },
				consumption: 3
			})
		);
		expect(amounts(result)).toEqual({
			water: 3704,
			vat: 259,
			envFee: 389,
			drainage: 0,
			drainageVat: 0,
			total: 4352
		});
	});
});
