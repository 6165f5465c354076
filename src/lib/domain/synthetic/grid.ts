/**
 * The street grid the synthetic city is laid out on. Positions are local metres east (x) and
 * north (y) of the grid's south-west corner; the grid is centred on the city centre. Blocks are
 * BLOCK_W × BLOCK_H metres; an east–west street runs through the middle of every block row and
 * north–south cross streets run along the block edges. Houses stand on both sides of the
 * east–west street, LOTS_PER_SIDE lots per side and block.
 */
import { CITY } from './vocabulary.ts';
import type { MultiPolygonGeometry, PointGeometry } from './types.ts';

export const BLOCK_W = 160; // m, east–west
export const BLOCK_H = 120; // m, north–south
export const LOTS_PER_SIDE = 18;
export const LOTS_PER_BLOCK = 2 * LOTS_PER_SIDE;
/** Cross street half-width plus pavement at each block end, m. */
export const LOT_MARGIN = 8;
export const LOT_PITCH = (BLOCK_W - 2 * LOT_MARGIN) / LOTS_PER_SIDE; // 8 m frontage
/** Distance of a house from the street centreline, m. */
export const HOUSE_OFFSET = 12;
/** Blocks per named street segment: a street name changes every ~1 km. */
export const SEGMENT_BLOCKS = 6;

/** Metres per degree near 16.5° N (WGS84 ellipsoid, good to ~0.1% over a city). */
const M_PER_DEG_LAT = 110_960;
const M_PER_DEG_LON = 111_320 * Math.cos((CITY.lat * Math.PI) / 180);

/** Half-open block rectangle: columns c0..c1-1, rows r0..r1-1. */
export interface Rect {
	c0: number;
	r0: number;
	c1: number;
	r1: number;
}

export class Grid {
	readonly originLon: number;
	readonly originLat: number;

	constructor(
		readonly cols: number,
		readonly rows: number
	) {
		this.originLon = CITY.lon - (cols * BLOCK_W) / 2 / M_PER_DEG_LON;
		this.originLat = CITY.lat - (rows * BLOCK_H) / 2 / M_PER_DEG_LAT;
	}

	/** Longitude of local x, rounded to 1e-7° (~1 cm) so shared edges match exactly. */
	lon(x: number): number {
		return Math.round((this.originLon + x / M_PER_DEG_LON) * 1e7) / 1e7;
	}

	lat(y: number): number {
		return Math.round((this.originLat + y / M_PER_DEG_LAT) * 1e7) / 1e7;
	}

	point(x: number, y: number): PointGeometry {
		return { type: 'Point', coordinates: [this.lon(x), this.lat(y)] };
	}

	/** A block rectangle as a MultiPolygon (one counter-clockwise ring). */
	rectGeometry(rect: Rect): MultiPolygonGeometry {
		const w = this.lon(rect.c0 * BLOCK_W);
		const e = this.lon(rect.c1 * BLOCK_W);
		const s = this.lat(rect.r0 * BLOCK_H);
		const n = this.lat(rect.r1 * BLOCK_H);
		const ring: [number, number][] = [
			[w, s],
			[e, s],
			[e, n],
			[w, n],
			[w, s]
		];
		return { type: 'MultiPolygon', coordinates: [[ring]] };
	}

	block(c: number, r: number): number {
		return r * this.cols + c;
	}

	/** Distance of a block's centre from the city centre, m. */
	centreDistance(c: number, r: number): number {
		const dx = (c + 0.5 - this.cols / 2) * BLOCK_W;
		const dy = (r + 0.5 - this.rows / 2) * BLOCK_H;
		return Math.hypot(dx, dy);
	}
}

export function inRect(rect: Rect, c: number, r: number): boolean {
	return c >= rect.c0 && c < rect.c1 && r >= rect.r0 && r < rect.r1;
}

/**
 * Splits a sequence into `parts` contiguous, non-empty pieces of roughly equal total weight.
 * Returns parts + 1 boundaries, from 0 to weights.length.
 */
export function splitByWeight(weights: ArrayLike<number>, parts: number): number[] {
	const n = weights.length;
	parts = Math.max(1, Math.min(parts, n));
	let total = 0;
	for (let i = 0; i < n; i++) total += weights[i];
	const bounds = [0];
	let cum = 0;
	let idx = 0;
	for (let j = 1; j < parts; j++) {
		const target = (total * j) / parts;
		while (idx < n && cum + weights[idx] / 2 < target) cum += weights[idx++];
		const lo = bounds[j - 1] + 1;
		const hi = n - (parts - j);
		const b = Math.min(hi, Math.max(lo, idx));
		while (idx < b) cum += weights[idx++];
		while (idx > b) cum -= weights[--idx];
		bounds.push(b);
	}
	bounds.push(n);
	return bounds;
}

/**
 * Integer shares of `total` proportional to real `targets` (largest remainder), each share at
 * most ceil(target). Assumes the targets sum to `total`.
 */
export function apportion(targets: Float64Array, total: number): Int32Array {
	const out = new Int32Array(targets.length);
	let assigned = 0;
	const order: number[] = [];
	for (let i = 0; i < targets.length; i++) {
		out[i] = Math.floor(targets[i] + 1e-9);
		assigned += out[i];
		if (targets[i] - out[i] > 1e-9) order.push(i);
	}
	order.sort((a, b) => targets[b] - out[b] - (targets[a] - out[a]) || a - b);
	for (let k = 0; assigned < total && k < order.length; k++, assigned++) out[order[k]]++;
	return out;
}
