import { describe, expect, it } from 'vitest';
import {
	nextFreeSequence,
	renumbered,
	sequenceBetween,
	sequenceChanges,
	sequenceForOrder,
	sequencesBetween
} from './sequence.ts';

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
		expect(sequenceBetween(45, null)).toBe(50);
		expect(sequenceBetween(null, 10)).toBe(5);
		expect(sequenceBetween(null, null)).toBe(10);
	});

	it('asks for a renumbering when no whole number is left', () => {
		expect(sequenceBetween(17, 18)).toBeNull();
	});

	it('rejects neighbours given out of order', () => {
		expect(() => sequenceBetween(20, 10)).toThrow(RangeError);
	});

	it('gives the next free number in tens', () => {
		expect(nextFreeSequence(null)).toBe(10);
		expect(nextFreeSequence(30)).toBe(40);
		expect(nextFreeSequence(35)).toBe(40);
	});

	it('spreads several customers between two, or appends them in tens', () => {
		expect(sequencesBetween(10, 20, 3)).toEqual([12, 15, 17]);
		expect(sequencesBetween(10, 14, 3)).toEqual([11, 12, 13]);
		expect(sequencesBetween(10, 14, 4)).toBeNull();
		expect(sequencesBetween(30, null, 3)).toEqual([40, 50, 60]);
	});
});

describe('sequence for a new order', () => {
	const route = [
		{ id: 1, seq: 10 },
		{ id: 2, seq: 20 },
		{ id: 3, seq: 30 },
		{ id: 4, seq: 40 }
	];

	it('keeps the numbers when nothing moved', () => {
		expect(sequenceForOrder(route)).toEqual({ seqs: [10, 20, 30, 40], renumbered: false });
	});

	it('moves one customer up by giving it a number between its new neighbours', () => {
		const order = [route[0], route[2], route[1], route[3]];
		const plan = sequenceForOrder(order);
		expect(plan.renumbered).toBe(false);
		// Either 3 goes to 15 or 2 goes to 35: one customer changes number, not the route.
		const changes = sequenceChanges(order, plan.seqs);
		expect(changes).toHaveLength(1);
		expect([15, 35]).toContain(changes[0].to);
		for (let i = 1; i < plan.seqs.length; i++)
			expect(plan.seqs[i]).toBeGreaterThan(plan.seqs[i - 1]);
	});

	it('places an arriving customer (no number yet) between two', () => {
		const order = [route[0], { id: 9, seq: null }, ...route.slice(1)];
		expect(sequenceForOrder(order).seqs).toEqual([10, 15, 20, 30, 40]);
	});

	it('renumbers in tens when there is no gap', () => {
		const tight = [
			{ id: 1, seq: 10 },
			{ id: 9, seq: null },
			{ id: 2, seq: 11 }
		];
		expect(sequenceForOrder(tight)).toEqual({ seqs: [10, 20, 30], renumbered: true });
	});

	it('reverses a route', () => {
		const plan = sequenceForOrder([...route].reverse());
		const seqs = plan.seqs;
		for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
	});

	it('refuses a customer listed twice', () => {
		expect(() => sequenceForOrder([route[0], route[0]])).toThrow(RangeError);
	});
});
