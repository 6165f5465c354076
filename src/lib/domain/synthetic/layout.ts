/**
 * Where each connection stands and the order a meter reader walks them. Customers are numbered
 * zone by zone in walking order, and each zone's walk is cut into reading routes (sổ đọc) of
 * 150–400 connections. The walk is a serpentine per street: east along the north side of a
 * block row's street, back west along the south side, then on to the next row.
 */
import {
	BLOCK_H,
	BLOCK_W,
	HOUSE_OFFSET,
	LOT_MARGIN,
	LOT_PITCH,
	LOTS_PER_BLOCK,
	LOTS_PER_SIDE,
	SEGMENT_BLOCKS
} from './grid.ts';
import type { Geography } from './geography.ts';
import { hash32, mixSeed, rngFor, Stream } from './prng.ts';
import type { RouteRow } from './types.ts';

export interface RoutePlan extends RouteRow {
	/** Customer index range [start, end) (0-based: customer id = index + 1). */
	start: number;
	end: number;
	/** Day of the month the route is read (1–20). */
	readingDay: number;
}

export interface Layout {
	/** Per customer index: block (r * cols + c). */
	block: Int32Array;
	/** Per customer index: side * LOTS_PER_SIDE + lot; side 0 = north, 1 = south of the street. */
	lot: Uint8Array;
	/** Per customer index: route index (route id − 1). */
	route: Int32Array;
	routes: RoutePlan[];
}

export const ROUTE_MIN = 150;
export const ROUTE_MAX = 400;
const ROUTE_TARGET = 275;

/** Number of routes for a zone of n connections: ~275 each, within 150–400 when n allows. */
export function routeCountFor(n: number): number {
	if (n === 0) return 0;
	let count = Math.max(1, Math.round(n / ROUTE_TARGET));
	if (n / count > ROUTE_MAX) count = Math.ceil(n / ROUTE_MAX);
	if (n / count < ROUTE_MIN) count = Math.max(1, Math.floor(n / ROUTE_MIN));
	return count;
}

export function buildLayout(geo: Geography, customers: number, seed: number): Layout {
	const { grid } = geo;
	const block = new Int32Array(customers);
	const lot = new Uint8Array(customers);
	const route = new Int32Array(customers);
	const routes: RoutePlan[] = [];
	const occupied = (b: number) => chooseLots(geo.blockCustomers[b], seed, b);
	let i = 0;
	for (const [zi, zone] of geo.zones.entries()) {
		const start = i;
		const { c0, c1, r0, r1 } = zone.rect;
		for (let r = r0; r < r1; r++) {
			const masks = [];
			for (let c = c0; c < c1; c++) masks.push(occupied(grid.block(c, r)));
			for (let c = c0; c < c1; c++) {
				const mask = masks[c - c0];
				for (let k = 0; k < LOTS_PER_SIDE; k++)
					if (mask[k]) {
						block[i] = grid.block(c, r);
						lot[i++] = k;
					}
			}
			for (let c = c1 - 1; c >= c0; c--) {
				const mask = masks[c - c0];
				for (let k = LOTS_PER_SIDE - 1; k >= 0; k--)
					if (mask[LOTS_PER_SIDE + k]) {
						block[i] = grid.block(c, r);
						lot[i++] = LOTS_PER_SIDE + k;
					}
			}
		}
		const n = i - start;
		const count = routeCountFor(n);
		const zz = String(zi + 1).padStart(2, '0');
		for (let k = 0; k < count; k++) {
			const from = start + Math.floor((k * n) / count);
			const to = start + Math.floor(((k + 1) * n) / count);
			const id = routes.length + 1;
			route.fill(id - 1, from, to);
			const first = streetOf(geo, block[from]);
			const last = streetOf(geo, block[to - 1]);
			routes.push({
				id,
				code: `S${zz}-${String(k + 1).padStart(3, '0')}`,
				name: first === last ? `Tuyến ${first}` : `Tuyến ${first} – ${last}`,
				zoneId: zone.id,
				createdAt: '2020-01-01T08:00:00+07:00',
				start: from,
				end: to,
				readingDay: 1 + ((zi * 7 + k * 3) % 20)
			});
		}
	}
	if (i !== customers) throw new Error(`layout placed ${i} of ${customers} customers`);
	return { block, lot, route, routes };
}

/** Which of a block's lots are built on: `count` of them, chosen by the seed. */
function chooseLots(count: number, seed: number, b: number): Uint8Array {
	const mask = new Uint8Array(LOTS_PER_BLOCK);
	if (count >= LOTS_PER_BLOCK) return mask.fill(1);
	const rng = rngFor(seed, Stream.blockLots, b);
	const idx = Array.from({ length: LOTS_PER_BLOCK }, (_, k) => k);
	for (let k = 0; k < count; k++) {
		const j = k + Math.floor(rng.next() * (LOTS_PER_BLOCK - k));
		[idx[k], idx[j]] = [idx[j], idx[k]];
		mask[idx[k]] = 1;
	}
	return mask;
}

function streetOf(geo: Geography, b: number): string {
	return geo.streetName(b % geo.grid.cols, Math.floor(b / geo.grid.cols));
}

export interface House {
	/** Local metres from the grid's south-west corner. */
	x: number;
	y: number;
	col: number;
	row: number;
	side: 0 | 1;
	street: string;
	/** Odd numbers on the north side, even on the south, counted from the segment's west end. */
	houseNo: number;
}

/** The house of customer index i, with a few metres of seeded jitter off the ideal lot. */
export function houseOf(geo: Geography, layout: Layout, i: number, seed: number): House {
	const b = layout.block[i];
	const col = b % geo.grid.cols;
	const row = Math.floor(b / geo.grid.cols);
	const side = layout.lot[i] >= LOTS_PER_SIDE ? 1 : 0;
	const k = layout.lot[i] - side * LOTS_PER_SIDE;
	const h = hash32(mixSeed(seed, 99, i));
	const jx = ((h & 0xffff) / 0xffff - 0.5) * 4; // ±2 m along the street
	const jy = ((h >>> 16) / 0xffff - 0.5) * 6; // ±3 m setback
	const x = col * BLOCK_W + LOT_MARGIN + (k + 0.5) * LOT_PITCH + jx;
	const y = (row + 0.5) * BLOCK_H + (side === 0 ? HOUSE_OFFSET : -HOUSE_OFFSET) + jy;
	const along = (col % SEGMENT_BLOCKS) * LOTS_PER_SIDE + k;
	return {
		x,
		y,
		col,
		row,
		side,
		street: geo.streetName(col, row),
		houseNo: side === 0 ? 2 * along + 1 : 2 * along + 2
	};
}
