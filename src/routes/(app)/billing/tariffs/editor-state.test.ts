import { describe, expect, it } from 'vitest';
import { draftOf, fractionOf, numberOf, stateOf } from './editor-state.ts';

const stored = {
	code: 'HN-3541-2024',
	name: 'Giá nước',
	decisionRef: '3541/QĐ-UBND',
	note: null,
	effectiveFrom: '2024-01-01',
	vatRate: 0.05,
	categories: {
		SH: {
			basis: 'household',
			blocks: [
				{ upTo: 10, price: 8500 },
				{ upTo: 12.5, price: 9900 },
				{ upTo: null, price: 27000 }
			]
		},
		KD: { basis: 'flat', price: 29000 }
	},
	charges: [
		{ type: 'envFee', rate: 0.1 },
		{ type: 'drainage', rate: 0.3, vatRate: 0.08, categories: ['KD'] }
	]
};

describe('price-decision editor state', () => {
	it('shows rates in percent with a decimal comma and posts the same decision back', () => {
		const state = stateOf(stored);
		expect(state.vatPct).toBe('5');
		expect(state.categories[0].blocks[1]).toEqual({ upTo: '12,5', price: '9900' });
		expect(state.categories[0].blocks[2].upTo).toBe('');
		expect(state.charges[1]).toEqual({
			type: 'drainage',
			ratePct: '30',
			vatPct: '8',
			categories: 'KD'
		});
		expect(draftOf(state)).toEqual(stored);
	});

	it('turns percent text into exact fractions and leaves non-numbers for the server', () => {
		expect(fractionOf('7,5')).toBe(0.075);
		expect(fractionOf('10.1')).toBe(0.101);
		expect(fractionOf('')).toBeNull();
		expect(numberOf('12a')).toBe('12a');
		expect(numberOf(' -3 ')).toBe(-3);
	});

	it('reloads a refused draft as typed', () => {
		const refused = {
			...stored,
			vatRate: 'năm',
			categories: { SH: { basis: 'flat', price: 'x' } }
		};
		const state = stateOf(refused);
		expect(state.vatPct).toBe('năm');
		expect(state.categories[0]).toMatchObject({ basis: 'flat', price: 'x' });
	});
});
