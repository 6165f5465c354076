/**
 * Test fixtures: the published schedules behind tariff.md's worked examples, and a builder
 * for cases. Prices in VND per m³, rates as decimals (0.05 = 5%).
 */
import { hanoi2024 } from './published.ts';

export { hanoi2024 };

/** Hanoi, Decision 3541/QĐ-UBND, step from 1 July 2023 (rates deliberately differ: 10% VAT, no charge). */
export const hanoi2023 = {
	id: 'HN-3541-2023',
	effectiveFrom: '2023-07-01',
	vatRate: 0.1,
	categories: {
		SH: {
			basis: 'household',
			blocks: [
				{ upTo: 10, price: 7500 },
				{ upTo: 20, price: 8800 },
				{ upTo: 30, price: 12000 },
				{ upTo: null, price: 24000 }
			]
		}
	},
	charges: []
};

/** Ho Chi Minh City, Decision 25/2019/QĐ-UBND, 2022 step, drainage 30% (Decision 17/2021). */
export const hcmc2022 = {
	id: 'HCM-25-2019-2022',
	effectiveFrom: '2022-01-01',
	vatRate: 0.05,
	categories: {
		SH: {
			basis: 'person',
			blocks: [
				{ upTo: 4, price: 6700 },
				{ upTo: 6, price: 12900 },
				{ upTo: null, price: 14400 }
			]
		},
		SH_NGHEO: {
			basis: 'person',
			blocks: [
				{ upTo: 4, price: 6300 },
				{ upTo: 6, price: 12900 },
				{ upTo: null, price: 14400 }
			]
		},
		HCSN: { basis: 'flat', price: 13000 },
		SX: { basis: 'flat', price: 12100 },
		KD: { basis: 'flat', price: 21300 }
	},
	charges: [{ type: 'drainage', rate: 0.3, vatRate: 0.1 }]
};

/** A March 2024 case for one Hanoi household; override any part. */
export function hanoiCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		schedules: [hanoi2024],
		customer: { category: 'SH', households: 1, persons: 4 },
		previousReadingOn: '2024-03-01',
		currentReadingOn: '2024-03-31',
		consumption: 25,
		...overrides
	};
}

/** A March 2025 case for one HCMC customer; override any part. */
export function hcmcCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		schedules: [hcmc2022],
		customer: { category: 'SH', households: 1, persons: 1 },
		previousReadingOn: '2025-03-01',
		currentReadingOn: '2025-03-31',
		consumption: 40,
		...overrides
	};
}
