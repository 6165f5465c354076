import { describe, expect, it } from 'vitest';
import { renumbered, sequenceBetween } from './sequence.ts';

describe('route sequence', () => {
	it('numbers a route in tens', () => {
		expect(renumbered(4)).toEqual([10, 20, 30, 40]);
	});

	it('inserts between two customers at the midpoint', () => {
		expect(sequenceBetween(10, 20)).toBe(15);
		expect(sequenceBetween(15, 20)).toBe(17);
	});

	it('appends after the last and prepends before the first', () => {
		expect(sequenceBetween(40, null)).toBe(50);
		expect(sequenceBetween(null, 10)).toBe(5);
		expect(sequenceBetween(null, null)).toBe(10);
	});

	it('asks for a renumbering when no whole number is left', () => {
		expect(sequenceBetween(17, 18)).toBeNull();
	});

	it('rejects neighbours given out of order', () => {
		expect(() => sequenceBetween(20, 10)).toThrow(RangeError);
	});
});
