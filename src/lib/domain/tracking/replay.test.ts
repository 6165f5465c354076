import { describe, expect, it } from 'vitest';
import { advance, indexAt, isStale, positionAt, trailUntil, type TimedPoint } from './replay.ts';

const points: TimedPoint[] = [
	[107.0, 16.0, 1_000],
	[107.1, 16.1, 6_000],
	[107.2, 16.0, 11_000]
];

describe('replay', () => {
	it('finds the last fix at or before a moment', () => {
		expect(indexAt(points, 999)).toBe(-1);
		expect(indexAt(points, 1_000)).toBe(0);
		expect(indexAt(points, 10_999)).toBe(1);
		expect(indexAt(points, 50_000)).toBe(2);
		expect(indexAt([], 5)).toBe(-1);
	});

	it('glides between fixes and holds at the last', () => {
		expect(positionAt(points, 500)).toBeNull();
		const mid = positionAt(points, 3_500)!;
		expect(mid[0]).toBeCloseTo(107.05, 10);
		expect(mid[1]).toBeCloseTo(16.05, 10);
		expect(positionAt(points, 60_000)).toEqual([107.2, 16.0]);
	});

	it('draws the trail up to the moment', () => {
		expect(trailUntil(points, 0)).toEqual([]);
		const path = trailUntil(points, 8_500);
		expect(path).toHaveLength(3);
		expect(path[2][0]).toBeCloseTo(107.15, 10);
		expect(trailUntil(points, 11_000)).toEqual(points.map((p) => [p[0], p[1]]));
	});

	it('runs the clock at the chosen speed and stops at the end', () => {
		expect(advance(1_000, 100, 1, 11_000)).toBe(1_100);
		expect(advance(1_000, 100, 60, 11_000)).toBe(7_000);
		expect(advance(10_000, 1_000, 10, 11_000)).toBe(11_000);
	});

	it('dims a person not heard from for over a minute', () => {
		const now = Date.parse('2026-11-27T08:00:00Z');
		expect(isStale('2026-11-27T07:59:30Z', now)).toBe(false);
		expect(isStale('2026-11-27T07:58:30Z', now)).toBe(true);
		expect(isStale(null, now)).toBe(true);
	});
});
