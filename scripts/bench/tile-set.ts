// The fixed set of tile requests bench:tiles times: drawn with a seeded PRNG among the tiles
// that hold customers, so the same database and seed give the same set on every run.
import type postgres from 'postgres';
import { Rng } from '../../src/lib/domain/synthetic/prng.ts';

export type BenchLayer = 'customers' | 'zones' | 'master-meters';

export interface TileSpec {
	layer: BenchLayer;
	z: number;
	x: number;
	y: number;
	/** Customers inside the tile (from the database, before any aggregation). */
	customers: number;
}

export const minZoom = 10;
export const maxZoom = 18;
// Half of a Web Mercator world's width, metres (EPSG:3857 spans ±this on both axes).
const halfWorld = 20037508.342789244;

/** Occupied tiles at zoom 18 with their customer counts; coarser zooms are derived from them. */
async function occupiedTiles(sql: postgres.Sql): Promise<Map<string, number>> {
	const size = (2 * halfWorld) / 2 ** maxZoom; // tile width at z18, metres
	const rows = await sql<{ x: number; y: number; n: number }[]>`
		select floor((ST_X(g) + ${halfWorld}) / ${size})::int as x,
			floor((${halfWorld} - ST_Y(g)) / ${size})::int as y, count(*)::int as n
		from customer_map group by 1, 2`;
	return new Map(rows.map((r) => [`${r.x}/${r.y}`, r.n]));
}

/** Tiles at zoom z holding customers, with counts: each z18 tile folded into its parent. */
function tilesAtZoom(z18: Map<string, number>, z: number): Map<string, number> {
	const shift = maxZoom - z;
	const out = new Map<string, number>();
	for (const [key, n] of z18) {
		const [x, y] = key.split('/').map(Number);
		const parent = `${x >> shift}/${y >> shift}`;
		out.set(parent, (out.get(parent) ?? 0) + n);
	}
	return out;
}

/**
 * Splits `total` picks over zooms as evenly as their tile counts allow: a zoom with fewer
 * occupied tiles than its share gives the rest to the others (z10 may have only a handful).
 */
function allocate(available: number[], total: number): number[] {
	const picks = available.map(() => 0);
	let left = total;
	let open = available.map((_, i) => i);
	while (left > 0 && open.length > 0) {
		const share = Math.max(1, Math.floor(left / open.length));
		for (const i of open) {
			const take = Math.min(share, available[i] - picks[i], left);
			picks[i] += take;
			left -= take;
		}
		open = open.filter((i) => picks[i] < available[i]);
	}
	return picks;
}

/**
 * Draws `count` distinct tiles: half uniformly (the outskirts count too), half weighted by
 * customers (the dense centre, where tiles are heaviest).
 */
function draw(rng: Rng, tiles: Map<string, number>, count: number): [string, number][] {
	const pool = [...tiles.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
	const chosen = new Map<string, number>();
	while (chosen.size < count) {
		const uniform = chosen.size % 2 === 0;
		const [key, n] = uniform ? rng.pick(pool) : rng.weighted(pool.map((t) => [t, t[1]] as const));
		chosen.set(key, n);
	}
	return [...chosen.entries()];
}

function specs(layer: BenchLayer, z: number, picked: [string, number][]): TileSpec[] {
	return picked.map(([key, customers]) => {
		const [x, y] = key.split('/').map(Number);
		return { layer, z, x, y, customers };
	});
}

export interface TileSetOptions {
	/** Customer tiles over z10–z18. */
	customerTiles: number;
	/** Tiles each of the zones and master-meters layers, over z10–z16. */
	otherTiles: number;
	seed: number;
}

/**
 * The request set, in a shuffled but fixed order (so a slow phase of the run does not land on
 * one zoom), and the occupied tiles left out of it (for warming the server up).
 */
export async function buildTileSet(
	sql: postgres.Sql,
	options: TileSetOptions
): Promise<{ set: TileSpec[]; spare: TileSpec[] }> {
	const rng = new Rng(options.seed);
	const z18 = await occupiedTiles(sql);
	if (z18.size === 0) throw new Error('the database holds no customers to draw tiles from');
	const zooms = Array.from({ length: maxZoom - minZoom + 1 }, (_, i) => minZoom + i);
	const byZoom = zooms.map((z) => tilesAtZoom(z18, z));
	const counts = allocate(
		byZoom.map((t) => t.size),
		options.customerTiles
	);
	const set: TileSpec[] = [];
	const spare: TileSpec[] = [];
	zooms.forEach((z, i) => {
		const picked = draw(rng, byZoom[i], counts[i]);
		set.push(...specs('customers', z, picked));
		const taken = new Set(picked.map(([key]) => key));
		const rest = [...byZoom[i].entries()].filter(([key]) => !taken.has(key));
		spare.push(...specs('customers', z, rng.shuffle(rest).slice(0, 4)));
	});
	// Zones and master meters over the same area, at the zooms a user sees them from.
	for (const layer of ['zones', 'master-meters'] as const)
		for (let i = 0; i < options.otherTiles; i++) {
			const z = rng.int(minZoom, 16);
			set.push(...specs(layer, z, draw(rng, byZoom[z - minZoom], 1)));
		}
	return { set: rng.shuffle(dedupe(set)), spare };
}

function dedupe(tiles: TileSpec[]): TileSpec[] {
	const seen = new Set<string>();
	return tiles.filter((t) => {
		const key = tileKey(t);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

export function tileKey(t: Pick<TileSpec, 'layer' | 'z' | 'x' | 'y'>): string {
	return `${t.layer}/${t.z}/${t.x}/${t.y}`;
}
