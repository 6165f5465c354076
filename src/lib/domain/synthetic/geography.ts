/**
 * Places of the synthetic utility: one province, wards and DMAs tiling a street grid around
 * the city centre, named street segments, and how many connections each block holds (dense
 * downtown, sparse at the edge). Wards and zones are unions of blocks, so every house (inside a
 * block) lies strictly inside exactly one ward polygon and one zone polygon.
 */
import {
	Grid,
	LOTS_PER_BLOCK,
	SEGMENT_BLOCKS,
	splitByWeight,
	apportion,
	type Rect
} from './grid.ts';
import { Rng, Stream, rngFor } from './prng.ts';
import { CITY, STREET_NAMES, WARD_NAMES } from './vocabulary.ts';
import type { ProvinceRow, WardRow, ZoneRow } from './types.ts';

export interface ZonePlan extends ZoneRow {
	rect: Rect;
	/** Connections in the zone. */
	customers: number;
	/** Share of input lost (NRW over billed): ~0.08–0.12 when efficient, 0.30–0.45 when lossy. */
	baseLoss: number;
	lossy: boolean;
}

export interface WardPlan extends WardRow {
	rect: Rect;
}

export interface Geography {
	grid: Grid;
	province: ProvinceRow;
	wards: WardPlan[];
	zones: ZonePlan[];
	/** Per block (r * cols + c): connections, ward index, zone index. */
	blockCustomers: Int32Array;
	blockWard: Int32Array;
	blockZone: Int32Array;
	/** Name of the east–west street through block row r, segment floor(c / SEGMENT_BLOCKS). */
	streetName(c: number, r: number): string;
}

/** DMAs grow with the network: ~10 at 2k connections, ~20 at 20k, 40 at 1M. */
export function zoneCountFor(customers: number): number {
	const scaled = Math.round(10 * Math.pow(customers / 2000, 0.3));
	return Math.max(1, Math.min(40, scaled, Math.ceil(customers / 100)));
}

/** Wards: ~6 at 2k connections, ~12 at 20k, 40 (all of Huế's) at 1M. */
export function wardCountFor(customers: number): number {
	return Math.max(1, Math.min(WARD_NAMES.length, Math.round(0.6 * Math.pow(customers, 0.3))));
}

export function buildGeography(customers: number, seed: number): Geography {
	// Average occupancy ~55% of lots: full downtown blocks, gaps and fields at the edge.
	const blocks = Math.max(1, Math.ceil(customers / (LOTS_PER_BLOCK * 0.55)));
	const cols = Math.max(1, Math.ceil(Math.sqrt(blocks * 0.75)));
	const rows = Math.max(1, Math.ceil(blocks / cols));
	const grid = new Grid(cols, rows);
	const blockCustomers = distributeCustomers(grid, customers, rngFor(seed, Stream.layout));

	const province: ProvinceRow = { id: 1, code: CITY.provinceCode, name: CITY.provinceName };
	const wards = buildWards(grid, wardCountFor(customers));
	const blockWard = new Int32Array(cols * rows);
	for (const [i, w] of wards.entries()) fillRect(grid, blockWard, w.rect, i);

	const zones = buildZones(grid, blockCustomers, zoneCountFor(customers), seed);
	const blockZone = new Int32Array(cols * rows);
	for (const [i, z] of zones.entries()) fillRect(grid, blockZone, z.rect, i);
	for (const z of zones) {
		const c = z.rect.c0 + ((z.rect.c1 - z.rect.c0) >> 1);
		const r = z.rect.r0 + ((z.rect.r1 - z.rect.r0) >> 1);
		z.name = `${z.code} ${wards[blockWard[grid.block(c, r)]].name}`;
	}

	const streetName = buildStreetNames(grid, seed);
	return { grid, province, wards, zones, blockCustomers, blockWard, blockZone, streetName };
}

function fillRect(grid: Grid, target: Int32Array, rect: Rect, value: number): void {
	for (let r = rect.r0; r < rect.r1; r++)
		for (let c = rect.c0; c < rect.c1; c++) target[grid.block(c, r)] = value;
}

/** Connections per block: occupancy falls off with distance from the centre. */
function distributeCustomers(grid: Grid, customers: number, rng: Rng): Int32Array {
	const n = grid.cols * grid.rows;
	const radius = Math.max(300, 0.45 * Math.max(grid.cols * 160, grid.rows * 120));
	const weight = new Float64Array(n);
	for (let r = 0; r < grid.rows; r++)
		for (let c = 0; c < grid.cols; c++) {
			const d = grid.centreDistance(c, r) / radius;
			weight[grid.block(c, r)] = (0.15 + 0.85 * Math.exp(-d * d)) * rng.real(0.7, 1.3);
		}
	// Find k with Σ min(1, k·w)·LOTS = customers (bisection; Σ is monotone in k).
	const fill = (k: number) => {
		let s = 0;
		for (let i = 0; i < n; i++) s += Math.min(1, k * weight[i]);
		return s * LOTS_PER_BLOCK;
	};
	let lo = 0;
	let hi = 1;
	while (fill(hi) < customers) hi *= 2;
	for (let it = 0; it < 60; it++) {
		const mid = (lo + hi) / 2;
		if (fill(mid) < customers) lo = mid;
		else hi = mid;
	}
	const targets = new Float64Array(n);
	let sum = 0;
	for (let i = 0; i < n; i++) sum += targets[i] = Math.min(1, hi * weight[i]) * LOTS_PER_BLOCK;
	for (let i = 0; i < n; i++) targets[i] = Math.min(LOTS_PER_BLOCK, (targets[i] * customers) / sum);
	const counts = apportion(targets, customers);
	// Rounding slack: top up or trim block by block so the total is exact and within capacity.
	let total = counts.reduce((a, b) => a + b, 0);
	for (let i = 0; total !== customers; i = (i + 1) % n) {
		if (total < customers && counts[i] < LOTS_PER_BLOCK) {
			counts[i]++;
			total++;
		} else if (total > customers && counts[i] > 0) {
			counts[i]--;
			total--;
		}
	}
	return counts;
}

/** Wards: equal-area strips, named centre-out (Phú Xuân downtown, communes at the edge). */
function buildWards(grid: Grid, count: number): WardPlan[] {
	count = Math.min(count, grid.cols * grid.rows);
	const stripCount = Math.max(1, Math.min(grid.cols, Math.round(Math.sqrt(count))));
	const rects = stripRects(
		grid,
		stripCount,
		count,
		() => 1,
		() => 1
	);
	const byDistance = rects
		.map((rect, i) => ({ rect, i, d: rectCentreDistance(grid, rect) }))
		.sort((a, b) => a.d - b.d || a.i - b.i);
	const named = new Array<WardPlan>(rects.length);
	byDistance.forEach(({ rect, i }, rank) => {
		const [name, kind] = WARD_NAMES[rank];
		named[i] = {
			id: 0,
			provinceId: 1,
			// Five-digit codes in the style of the national administrative unit list.
			code: String(19_744 + 3 * rank),
			name,
			kind,
			geom: grid.rectGeometry(rect),
			rect
		};
	});
	named.forEach((w, i) => (w.id = i + 1));
	return named;
}

/** DMAs: strips of about equal connections, so downtown zones are smaller in area. */
function buildZones(
	grid: Grid,
	blockCustomers: Int32Array,
	count: number,
	seed: number
): ZonePlan[] {
	count = Math.min(count, grid.cols * grid.rows);
	const stripCount = Math.max(1, Math.min(grid.cols, Math.round(Math.sqrt(count))));
	// A small floor keeps empty rows and columns splittable.
	const at = (c: number, r: number) => blockCustomers[grid.block(c, r)] + 0.01;
	const rects = stripRects(
		grid,
		stripCount,
		count,
		(c) => {
			let s = 0;
			for (let r = 0; r < grid.rows; r++) s += at(c, r);
			return s;
		},
		(r, c0, c1) => {
			let s = 0;
			for (let c = c0; c < c1; c++) s += at(c, r);
			return s;
		}
	);
	const rng = rngFor(seed, Stream.zones);
	const lossyCount = rects.length >= 2 ? Math.max(1, Math.round(rects.length * 0.3)) : 0;
	const lossyIdx = new Set(rng.shuffle(rects.map((_, i) => i)).slice(0, lossyCount));
	return rects.map((rect, i) => {
		let customers = 0;
		for (let r = rect.r0; r < rect.r1; r++)
			for (let c = rect.c0; c < rect.c1; c++) customers += blockCustomers[grid.block(c, r)];
		const lossy = lossyIdx.has(i);
		const code = `DMA-${String(i + 1).padStart(2, '0')}`;
		return {
			id: i + 1,
			code,
			name: code,
			geom: grid.rectGeometry(rect),
			createdAt: '2020-01-01T08:00:00+07:00',
			rect,
			customers,
			lossy,
			baseLoss: lossy ? rng.real(0.3, 0.45) : rng.real(0.08, 0.12)
		};
	});
}

/** Splits the grid into column strips, then each strip into `count` rects in total by rows. */
function stripRects(
	grid: Grid,
	strips: number,
	count: number,
	colWeight: (c: number) => number,
	rowWeight: (r: number, c0: number, c1: number) => number
): Rect[] {
	const colBounds = splitByWeight(
		Array.from({ length: grid.cols }, (_, c) => colWeight(c)),
		strips
	);
	strips = colBounds.length - 1;
	const rects: Rect[] = [];
	for (let s = 0; s < strips; s++) {
		const [c0, c1] = [colBounds[s], colBounds[s + 1]];
		const parts = Math.floor(count / strips) + (s < count % strips ? 1 : 0);
		const weights = Array.from({ length: grid.rows }, (_, r) => rowWeight(r, c0, c1));
		const rowBounds = splitByWeight(weights, parts);
		for (let k = 0; k + 1 < rowBounds.length; k++)
			rects.push({ c0, c1, r0: rowBounds[k], r1: rowBounds[k + 1] });
	}
	return rects;
}

function rectCentreDistance(grid: Grid, rect: Rect): number {
	return grid.centreDistance((rect.c0 + rect.c1) / 2 - 0.5, (rect.r0 + rect.r1) / 2 - 0.5);
}

/**
 * Street names per segment: the famous names downtown (the first ten in a fixed order, the
 * rest shuffled by the seed), numbered streets ("Đường số 12") in the new quarters beyond.
 */
function buildStreetNames(grid: Grid, seed: number): (c: number, r: number) => string {
	const segCols = Math.ceil(grid.cols / SEGMENT_BLOCKS);
	const segments = Array.from({ length: segCols * grid.rows }, (_, i) => {
		const r = Math.floor(i / segCols);
		const s = i % segCols;
		const c = Math.min(grid.cols - 1, s * SEGMENT_BLOCKS + SEGMENT_BLOCKS / 2);
		return { i, d: grid.centreDistance(c, r) };
	}).sort((a, b) => a.d - b.d || a.i - b.i);
	const pool = [
		...STREET_NAMES.slice(0, 10),
		...rngFor(seed, Stream.streets).shuffle(STREET_NAMES.slice(10))
	];
	const names = new Array<string>(segments.length);
	segments.forEach(({ i }, rank) => {
		names[i] = rank < pool.length ? pool[rank] : `Đường số ${rank - pool.length + 1}`;
	});
	return (c, r) => names[r * segCols + Math.floor(c / SEGMENT_BLOCKS)];
}
