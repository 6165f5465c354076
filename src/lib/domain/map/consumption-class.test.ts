import { describe, expect, it } from 'vitest';
import { consumptionClass, consumptionClassLabel } from './consumption-class.ts';

describe('consumption class', () => {
	it('puts each volume in the block its last bill reached', () => {
		expect(consumptionClass(null)).toBeNull();
		expect(consumptionClass(0)).toBe(0);
		expect(consumptionClass(0.001)).toBe(1);
		expect(consumptionClass(10)).toBe(1);
		expect(consumptionClass(10.001)).toBe(2);
		expect(consumptionClass(20)).toBe(2);
		expect(consumptionClass(30)).toBe(3);
		expect(consumptionClass(31)).toBe(4);
	});

	it('labels the classes with their bounds', () => {
		expect([0, 1, 2, 3, 4].map((c) => consumptionClassLabel(c as 0))).toEqual([
			'0 m³',
			'0–10 m³',
			'10–20 m³',
			'20–30 m³',
			'> 30 m³'
		]);
	});
});
