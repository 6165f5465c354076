import { describe, expect, it } from 'vitest';
import { checkPosition, detectStops, distanceTravelled, type TrailPoint } from './stops.ts';

// Huế, where 1° of latitude is 110,700 m and 1° of longitude 106,800 m (cos 16.46°).
const origin = { lon: 107.59, lat: 16.46 };
const mPerDegLat = 110_700;
const mPerDegLon = 111_320 * Math.cos((origin.lat * Math.PI) / 180);
const start = Date.parse('2026-11-27T01:00:00Z');
const everyMs = 5_000;

/** Deterministic noise in [-1, 1] (a fixed LCG: the test must not depend on chance). */
function noise(seed: number): () => number {
	let s = seed;
	return () => {
		s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
		return (s / 2 ** 31) * 2 - 1;
	};
}

/**
 * A reader's morning as fixes every 5 s: walk 10 min east at 1.4 m/s (840 m), stand 12 min at
 * a customer, walk 10 min north, stand 3 min, walk 10 min east. Standing fixes wander ±4 m.
 * One fix mid-walk is a 600 m jump reported with 300 m accuracy (a phone indoors).
 */
function syntheticTrail(): TrailPoint[] {
	const rand = noise(7);
	const trail: TrailPoint[] = [];
	let x = 0;
	let y = 0;
	let t = start;
	const push = (dx: number, dy: number, accuracyM = 8) => {
		trail.push({
			lon: origin.lon + (x + dx) / mPerDegLon,
			lat: origin.lat + (y + dy) / mPerDegLat,
			at: t,
			accuracyM
		});
		t += everyMs;
	};
	const walk = (minutes: number, ex: number, ey: number) => {
		for (let i = 0; i < (minutes * 60_000) / everyMs; i++) {
			x += ex * 1.4 * (everyMs / 1000);
			y += ey * 1.4 * (everyMs / 1000);
			push(0, 0);
		}
	};
	const stand = (minutes: number) => {
		for (let i = 0; i < (minutes * 60_000) / everyMs; i++) push(rand() * 4, rand() * 4);
	};
	walk(5, 1, 0);
	push(600, 0, 300);
	walk(5, 1, 0);
	stand(12);
	walk(10, 0, 1);
	stand(3);
	walk(10, 1, 0);
	return trail;
}

describe('stop detection', () => {
	const trail = syntheticTrail();

	it('finds the 12-minute dwell and not the 3-minute one (N = 5 min, R = 50 m)', () => {
		const stops = detectStops(trail, { minStopMin: 5, radiusM: 50 });
		expect(stops).toHaveLength(1);
		const [stop] = stops;
		// Arrival is the last walking fix inside 50 m of the customer at the latest (36 s early).
		const standFrom = start + (10 * 60_000 + everyMs) + everyMs;
		expect(stop.arrivedAt).toBeGreaterThanOrEqual(standFrom - 40_000);
		expect(stop.arrivedAt).toBeLessThanOrEqual(standFrom);
		expect(stop.durationMin).toBeGreaterThanOrEqual(12);
		expect(stop.durationMin).toBeLessThanOrEqual(13.5);
		// durationMin is rounded to a tenth of a minute (6 s).
		expect(
			Math.abs(stop.departedAt - stop.arrivedAt - stop.durationMin * 60_000)
		).toBeLessThanOrEqual(3_000);
		// Where the customer is: 840 m east of the start.
		expect((stop.lon - origin.lon) * mPerDegLon).toBeCloseTo(840, -1);
		expect((stop.lat - origin.lat) * mPerDegLat).toBeCloseTo(0, -1);
	});

	it('counts the 3-minute dwell once the threshold is lower', () => {
		expect(detectStops(trail, { minStopMin: 2 })).toHaveLength(2);
	});

	it('ignores a poor-accuracy fix that would otherwise split the trail', () => {
		const sharp = detectStops(trail, { maxAccuracyM: 1_000 });
		expect(sharp).toHaveLength(1);
		// Kept, the 600 m jump adds 1.2 km of travel that never happened.
		expect(distanceTravelled(trail, { maxAccuracyM: 1_000 })).toBeGreaterThan(3_500);
	});
});

describe('distance travelled', () => {
	it('is the three walks (3 × 840 m), not the jitter while standing', () => {
		const metres = distanceTravelled(syntheticTrail());
		expect(metres).toBeGreaterThan(2_520 * 0.97);
		expect(metres).toBeLessThan(2_520 * 1.03);
	});

	it('is zero for a person who never moved beyond the noise', () => {
		const rand = noise(3);
		const still = Array.from({ length: 120 }, (_, i) => ({
			lon: origin.lon + (rand() * 5) / mPerDegLon,
			lat: origin.lat + (rand() * 5) / mPerDegLat,
			at: start + i * everyMs
		}));
		expect(distanceTravelled(still, { minStopMin: 60 })).toBe(0);
		expect(distanceTravelled([])).toBe(0);
	});
});

describe('position check', () => {
	const now = new Date('2026-11-27T08:00:00Z');
	const ok = { lon: 107.59, lat: 16.46, at: '2026-11-27T07:59:55Z', accuracyM: 5 };

	it('accepts a fresh position in range', () => {
		expect(checkPosition(ok, now)).toEqual({ ok: true, at: new Date(ok.at) });
	});

	it.each([
		[{ lon: 180.5 }, 'lon'],
		[{ lon: Number.NaN }, 'lon'],
		[{ lat: -91 }, 'lat'],
		[{ at: 'yesterday' }, 'at'],
		[{ at: '2026-11-27T08:01:30Z' }, 'at'],
		[{ at: '2026-11-26T07:59:00Z' }, 'at'],
		[{ accuracyM: -1 }, 'accuracyM'],
		[{ speedKmh: 5_000 }, 'speedKmh']
	])('refuses %o naming %s', (change, field) => {
		const result = checkPosition({ ...ok, ...change }, now);
		expect(result).toMatchObject({ ok: false, field });
		if (!result.ok) expect(result.reason).not.toBe('');
	});

	it('allows a device clock up to a minute fast', () => {
		expect(checkPosition({ ...ok, at: '2026-11-27T08:00:59Z' }, now).ok).toBe(true);
	});
});
