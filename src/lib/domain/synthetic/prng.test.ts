import { describe, expect, it } from 'vitest';
import { hash32, mixSeed, Rng, rngFor } from './prng.ts';

describe('Rng', () => {
	it('repeats its sequence for the same seed and differs for another', () => {
		const draw = (seed: number) =>
			Array.from(
				{ length: 50 },
				(
					(r) => () =>
						r.nextU32()
				)(new Rng(seed))
			);
		expect(draw(42)).toEqual(draw(42));
		expect(draw(42)).not.toEqual(draw(43));
	});

	it('derives independent streams per (seed, stream, index)', () => {
		const a = rngFor(1, 4, 10).nextU32();
		expect(rngFor(1, 4, 10).nextU32()).toBe(a);
		expect(rngFor(1, 4, 11).nextU32()).not.toBe(a);
		expect(rngFor(1, 5, 10).nextU32()).not.toBe(a);
		expect(rngFor(2, 4, 10).nextU32()).not.toBe(a);
		expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
	});

	it('draws uniform values in range, integers inclusive of both ends', () => {
		const rng = new Rng(7);
		let sum = 0;
		const seen = new Set<number>();
		for (let i = 0; i < 20_000; i++) {
			const x = rng.next();
			expect(x).toBeGreaterThanOrEqual(0);
			expect(x).toBeLessThan(1);
			sum += x;
			const k = rng.int(3, 6);
			expect(k).toBeGreaterThanOrEqual(3);
			expect(k).toBeLessThanOrEqual(6);
			seen.add(k);
		}
		expect(sum / 20_000).toBeCloseTo(0.5, 1);
		expect([...seen].sort()).toEqual([3, 4, 5, 6]);
	});

	it('picks by weight', () => {
		const rng = new Rng(3);
		let a = 0;
		for (let i = 0; i < 10_000; i++)
			if (
				rng.weighted([
					['a', 9],
					['b', 1]
				] as const) === 'a'
			)
				a++;
		expect(a / 10_000).toBeGreaterThan(0.87);
		expect(a / 10_000).toBeLessThan(0.93);
	});

	it('hash32 spreads consecutive inputs', () => {
		const hashes = new Set(Array.from({ length: 1000 }, (_, i) => hash32(i) >>> 24));
		expect(hashes.size).toBeGreaterThan(200);
	});
});
