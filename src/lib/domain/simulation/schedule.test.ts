import { describe, expect, it } from 'vitest';
import { enqueue, maxBatch, nextBatch, routeLap, staggerMs } from './schedule.ts';

describe('staggered starts', () => {
	it('spreads N workers evenly over one interval', () => {
		const starts = Array.from({ length: 4 }, (_, i) => staggerMs(i, 4, 5000));
		expect(starts).toEqual([0, 1250, 2500, 3750]);
	});

	it('sends about N / interval positions in every second', () => {
		const n = 2000;
		const perSecond = new Array<number>(5).fill(0);
		for (let i = 0; i < n; i++) perSecond[Math.floor(staggerMs(i, n, 5000) / 1000)]++;
		expect(perSecond).toEqual([400, 400, 400, 400, 400]);
	});

	it('refuses an index outside the crew', () => {
		expect(() => staggerMs(4, 4, 5000)).toThrow(RangeError);
	});
});

describe('a route lap', () => {
	it('walks the customers in order and comes back the same way', () => {
		const stops = [1, 2, 3, 4].map((i) => ({ lon: i, lat: 0 }));
		expect(routeLap(stops, 20).map((w) => w.lon)).toEqual([1, 2, 3, 4, 3, 2]);
		expect(routeLap(stops, 20).every((w) => w.dwellS === 20)).toBe(true);
	});

	it('handles a route of one customer', () => {
		expect(routeLap([{ lon: 1, lat: 2 }], 0)).toEqual([{ lon: 1, lat: 2, dwellS: 0 }]);
	});
});

describe('the unsent position queue', () => {
	it('keeps the newest positions up to its cap', () => {
		let queue: number[] = [];
		for (let i = 1; i <= 5; i++) queue = enqueue(queue, i, 3);
		expect(queue).toEqual([3, 4, 5]);
	});

	it('sends the oldest first, at most one batch at a time', () => {
		const queue = Array.from({ length: 250 }, (_, i) => i);
		const batch = nextBatch(queue);
		expect(batch).toHaveLength(maxBatch);
		expect(batch[0]).toBe(0);
	});
});
