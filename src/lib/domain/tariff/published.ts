/**
 * Published price decisions the product ships with (the demo utility bills with the first;
 * tests use them as fixtures). Prices in VND per m³ before VAT, rates as decimals.
 */
/** Hanoi, Decision 3541/QĐ-UBND, step from 1 January 2024 (envFee 10%). */
export const hanoi2024 = {
	id: 'HN-3541-2024',
	effectiveFrom: '2024-01-01',
	vatRate: 0.05,
	categories: {
		SH: {
			basis: 'household',
			blocks: [
				{ upTo: 10, price: 8500 },
				{ upTo: 20, price: 9900 },
				{ upTo: 30, price: 16000 },
				{ upTo: null, price: 27000 }
			]
		},
		HCSN: { basis: 'flat', price: 13500 },
		SX: { basis: 'flat', price: 16000 },
		KD: { basis: 'flat', price: 29000 }
	},
	charges: [{ type: 'envFee', rate: 0.1 }]
};
