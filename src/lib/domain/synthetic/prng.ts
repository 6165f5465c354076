/**
 * Seeded randomness for the synthetic utility. Every stream is derived from (seed, stream,
 * index) by hashing, so customer 123 gets the same attributes whatever chunk it is generated
 * in: the output depends on the seed only, never on chunk size or call order.
 */

/** 32-bit integer hash (lowbias32 by Chris Wellons): good avalanche, no allocation. */
export function hash32(x: number): number {
	x = x >>> 0;
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b);
	x ^= x >>> 16;
	return x >>> 0;
}

/** Mixes several integers into one 32-bit seed. */
export function mixSeed(...parts: number[]): number {
	let h = 0x9e3779b9;
	for (const part of parts) h = hash32(h ^ hash32(part + 0x632be5ab));
	return h;
}

/** Named sub-streams, so adding a draw to one generator never shifts another's output. */
export const Stream = {
	layout: 1,
	blockLots: 2,
	zones: 3,
	customer: 4,
	flags: 5,
	meter: 6,
	consumption: 7,
	masterMeter: 8,
	streets: 9,
	workOrder: 10
} as const;

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 32-bit state words. */
export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		this.a = 0x9e3779b9;
		this.b = 0x243f6a88;
		this.c = 0xb7e15162;
		this.d = seed >>> 0;
		// Discard the first outputs: they are weakly mixed for nearby seeds.
		for (let i = 0; i < 12; i++) this.nextU32();
	}

	nextU32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		return this.nextU32() / 4294967296;
	}

	/** Uniform real in [min, max). */
	real(min: number, max: number): number {
		return min + (max - min) * this.next();
	}

	/** Uniform integer in [min, max] (inclusive). */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** Picks by weight; weights need not sum to 1. */
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		let total = 0;
		for (const [, w] of items) total += w;
		let r = this.next() * total;
		for (const [item, w] of items) {
			r -= w;
			if (r < 0) return item;
		}
		return items[items.length - 1][0];
	}

	/** Standard normal (Box–Muller). */
	normal(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** A string of `n` decimal digits (leading zeros allowed). */
	digits(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += String(this.nextU32() % 10);
		return s;
	}

	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[items[i], items[j]] = [items[j], items[i]];
		}
		return items;
	}
}

/** The generator for one (seed, stream, index) triple. */
export function rngFor(seed: number, stream: number, index = 0): Rng {
	return new Rng(mixSeed(seed, stream, index));
}
