import { describe, expect, it } from 'vitest';
import { Rng } from '../synthetic/prng.ts';
import { detour, metresBetween, noisyFix, startWalk, tick, towards, type LonLat } from './walk.ts';

// Huế, near the citadel; 0.001° of latitude is ~110.6 m.
const a: LonLat = [107.58, 16.46];
const b: LonLat = [107.58, 16.461];
const c: LonLat = [107.581, 16.461];

describe('walking between waypoints', () => {
	it('moves at the given speed towards the next waypoint', () => {
		const walk = startWalk(a, [{ lon: b[0], lat: b[1], dwellS: 0 }]);
		// 3.6 km/h is 1 m/s: 50 s covers 50 m of the ~110 m leg.
		const { state, arrived } = tick(walk, 50, 3.6);
		expect(arrived).toEqual([]);
		expect(metresBetween(a, state.at)).toBeCloseTo(50, 0);
		expect(metresBetween(state.at, b)).toBeCloseTo(metresBetween(a, b) - 50, 0);
	});

	it('passes through waypoints within one tick and carries on with the time left', () => {
		const ab = metresBetween(a, b);
		const walk = startWalk(a, [
			{ lon: b[0], lat: b[1], dwellS: 0 },
			{ lon: c[0], lat: c[1], dwellS: 0 }
		]);
		const { state, arrived } = tick(walk, ab + 10, 3.6);
		expect(arrived.map((w) => [w.lon, w.lat])).toEqual([b]);
		expect(metresBetween(b, state.at)).toBeCloseTo(10, 0);
		expect(state.queue).toHaveLength(1);
	});

	it('stays at a waypoint for its dwell, then leaves', () => {
		const ab = metresBetween(a, b);
		const walk = startWalk(a, [
			{ lon: b[0], lat: b[1], dwellS: 30, orderId: 7 },
			{ lon: c[0], lat: c[1], dwellS: 0 }
		]);
		const first = tick(walk, ab + 20, 3.6);
		expect(first.arrived.map((w) => w.orderId)).toEqual([7]);
		expect(first.state.dwelling?.orderId).toBe(7);
		expect(metresBetween(first.state.at, b)).toBeLessThan(0.01);
		const second = tick(first.state, 15, 3.6);
		expect(second.departed.map((w) => w.orderId)).toEqual([7]);
		// 10 s of dwell were left; the other 5 s are walked.
		expect(metresBetween(b, second.state.at)).toBeCloseTo(5, 0);
	});

	it('stands still with nothing left to walk to', () => {
		const { state, arrived } = tick(startWalk(a), 60, 4);
		expect(state.at).toEqual(a);
		expect(arrived).toEqual([]);
	});

	it('refuses a non-positive speed', () => {
		expect(() => tick(startWalk(a), 5, 0)).toThrow(RangeError);
	});

	it('never overshoots the target', () => {
		expect(towards(a, b, 10_000)).toEqual(b);
	});

	it('puts a work order ahead of the route, once', () => {
		const walk = startWalk(a, [{ lon: c[0], lat: c[1], dwellS: 0 }]);
		const order = { lon: b[0], lat: b[1], dwellS: 60, orderId: 3 };
		const once = detour(walk, order);
		expect(once.queue.map((w) => w.orderId)).toEqual([3, undefined]);
		expect(detour(once, order)).toBe(once);
	});
});

describe('GPS noise', () => {
	it('scatters fixes around the true position by about sigma metres', () => {
		const rng = new Rng(1);
		const offsets = Array.from({ length: 2000 }, () => metresBetween(a, noisyFix(a, rng, 5)));
		const mean = offsets.reduce((s, x) => s + x, 0) / offsets.length;
		// |N(0, σ)| has mean σ·√(2/π) ≈ 3.99 m for σ = 5 m.
		expect(mean).toBeGreaterThan(3.5);
		expect(mean).toBeLessThan(4.5);
		expect(Math.max(...offsets)).toBeLessThan(30);
	});
});
