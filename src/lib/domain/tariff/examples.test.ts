/** The five worked examples of tariff.md, verbatim. */
import { describe, expect, it } from 'vitest';
import { quote } from './quote.ts';

const HN = `{"id":"HN-3541-2024","effectiveFrom":"2024-01-01","vatRate":0.05,"categories":{"SH":{"basis":"household","blocks":[{"upTo":10,"price":8500},{"upTo":20,"price":9900},{"upTo":30,"price":16000},{"upTo":null,"price":27000}]},"HCSN":{"basis":"flat","price":13500},"SX":{"basis":"flat","price":16000},"KD":{"basis":"flat","price":29000}},"charges":[{"type":"envFee","rate":0.1}]}`;
const HCM = `{"id":"HCM-25-2019-2022","effectiveFrom":"2022-01-01","vatRate":0.05,"categories":{"SH":{"basis":"person","blocks":[{"upTo":4,"price":6700},{"upTo":6,"price":12900},{"upTo":null,"price":14400}]},"SH_NGHEO":{"basis":"person","blocks":[{"upTo":4,"price":6300},{"upTo":6,"price":12900},{"upTo":null,"price":14400}]},"HCSN":{"basis":"flat","price":13000},"SX":{"basis":"flat","price":12100},"KD":{"basis":"flat","price":21300}},"charges":[{"type":"drainage","rate":0.3,"vatRate":0.1}]}`;

const examples: [string, string, object][] = [
	[
		'hanoi-1-household-25m3',
		`{"schedules":[${HN}],"customer":{"category":"SH","households":1,"persons":4},"previousReadingOn":"2024-03-01","currentReadingOn":"2024-03-31","consumption":25}`,
		{ water: 264000, vat: 13200, envFee: 26400, drainage: 0, drainageVat: 0, total: 303600 }
	],
	[
		'hanoi-1-household-35m3',
		`{"schedules":[${HN}],"customer":{"category":"SH","households":1,"persons":3},"previousReadingOn":"2024-03-01","currentReadingOn":"2024-03-31","consumption":35}`,
		{ water: 479000, vat: 23950, envFee: 47900, drainage: 0, drainageVat: 0, total: 550850 }
	],
	[
		'hanoi-rollover-4-digit-meter',
		`{"schedules":[${HN}],"customer":{"category":"SH","households":1,"persons":4},"previousReadingOn":"2024-03-01","currentReadingOn":"2024-03-31","readings":{"previous":9990,"current":15,"digits":4}}`,
		{ water: 264000, vat: 13200, envFee: 26400, drainage: 0, drainageVat: 0, total: 303600 }
	],
	[
		'hcmc-1-person-40m3',
		`{"schedules":[${HCM}],"customer":{"category":"SH","households":1,"persons":1},"previousReadingOn":"2025-03-01","currentReadingOn":"2025-03-31","consumption":40}`,
		{ water: 542200, vat: 27110, envFee: 0, drainage: 162660, drainageVat: 16266, total: 748236 }
	],
	[
		'hcmc-4-persons-30m3',
		`{"schedules":[${HCM}],"customer":{"category":"SH","households":1,"persons":4},"previousReadingOn":"2025-03-01","currentReadingOn":"2025-03-31","consumption":30}`,
		{ water: 296800, vat: 14840, envFee: 0, drainage: 89040, drainageVat: 8904, total: 409584 }
	]
];

describe('tariff.md worked examples', () => {
	it.each(examples)('%s', (_name, json, expected) => {
		const { lines, ...amounts } = quote(JSON.parse(json));
		expect(amounts).toEqual(expected);
		expect(Object.keys(quote(JSON.parse(json)))).toEqual([
			'water',
			'vat',
			'envFee',
			'drainage',
			'drainageVat',
			'total',
			'lines'
		]);
		expect(lines.length).toBeGreaterThan(0);
	});

	it('explains hanoi-1-household-25m3 block by block', () => {
		const { lines } = quote(JSON.parse(examples[0][1]));
		// 10 × 8 500 + 10 × 9 900 + 5 × 16 000 + 0 × 27 000 = 264 000
		expect(
			lines.map(({ block, from, to, m3, price, amount, shareExact }) => ({
				block,
				from,
				to,
				m3,
				price,
				amount,
				shareExact
			}))
		).toEqual([
			{ block: 1, from: 0, to: 10, m3: 10, price: 8500, amount: 85000, shareExact: '85000' },
			{ block: 2, from: 10, to: 20, m3: 10, price: 9900, amount: 99000, shareExact: '99000' },
			{ block: 3, from: 20, to: 30, m3: 5, price: 16000, amount: 80000, shareExact: '80000' },
			{ block: 4, from: 30, to: null, m3: 0, price: 27000, amount: 0, shareExact: '0' }
		]);
		expect(lines[0]).toMatchObject({
			scheduleId: 'HN-3541-2024',
			effectiveFrom: '2024-01-01',
			days: 30,
			periodDays: 30,
			basis: 'household',
			units: 1
		});
	});

	it('bills the rollover as 9990 → 15 on a 4-digit dial = 25 m³', () => {
		const { lines } = quote(JSON.parse(examples[2][1]));
		expect(lines.reduce((m3, line) => m3 + line.m3, 0)).toBe(25);
	});
});
