import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import * as v from 'valibot';
import { customerCategories } from '../../domain/map/selection.ts';
import { tileEnvelope3857 } from '../../domain/map/tile-math.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database, DbHandle } from '../db/connection.ts';
import { subscribeToMapChanges } from './map-changes.ts';
import * as repo from './map.repository.ts';
import { encodeTile } from './tile-encoding.ts';
import { TileCache, type CachedTile } from './tile-cache.ts';

const coord = v.pipe(
	v.string(),
	v.regex(/^\d{1,8}$/, 'must be a whole number'),
	v.transform(Number)
);

export const tileParamsSchema = v.pipe(
	v.object({
		layer: v.picklist(['zones', 'master-meters', 'customers'], 'layer: unknown layer'),
		z: v.pipe(coord, v.maxValue(22, 'z: at most 22')),
		x: coord,
		y: coord
	}),
	v.check((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, 'x, y: outside the tile grid for this zoom')
);

/** A comma-separated list in a query parameter, e.g. `ward=3,7`, at most 500 items. */
function listParam<T>(item: v.GenericSchema<string, T>, field: string) {
	return v.optional(
		v.pipe(
			v.string(),
			v.transform((s) => (s === '' ? [] : s.split(','))),
			v.array(item, `${field}: not a valid list`),
			v.maxLength(500, `${field}: at most 500 values`)
		)
	);
}
const idItem = (field: string) =>
	v.pipe(
		v.string(),
		v.regex(/^[1-9]\d{0,8}$/, `${field}: ids must be positive whole numbers`),
		v.transform(Number)
	);

/** Attribute filters of the customers layer, from the tile URL's query string. */
export const tileFiltersSchema = v.object({
	category: listParam(v.picklist(customerCategories, 'category: unknown category'), 'category'),
	ward: listParam(idItem('ward'), 'ward'),
	zone: listParam(idItem('zone'), 'zone'),
	route: listParam(idItem('route'), 'route')
});

export type TileParams = v.InferOutput<typeof tileParamsSchema>;
export type TileFilters = v.InferOutput<typeof tileFiltersSchema>;

// In-process tile cache, in bytes (a z14 customers tile is ~10–150 kB).
const tileCacheBytes = 64 * 1024 * 1024;

interface TileState {
	mvt: boolean;
	/** Null when change notifications do not reach this process: nothing is cached then. */
	cache: TileCache | null;
}
const states = new WeakMap<postgres.Sql, Promise<TileState>>();

/** Probed once per database handle: a PostGIS build does not change while the process runs. */
function stateFor(handle: DbHandle): Promise<TileState> {
	let state = states.get(handle.sql);
	if (!state) {
		state = (async () => {
			const cache = new TileCache(tileCacheBytes);
			const feed = await subscribeToMapChanges(
				handle.sql,
				(change) => cache.invalidate(change),
				() => cache.clear()
			);
			return { mvt: await repo.postgisHasMvt(handle.db), cache: feed.live ? cache : null };
		})();
		states.set(handle.sql, state);
	}
	return state;
}

function cacheKey(req: repo.TileRequest): string {
	const f = req.filters;
	const list = (xs?: (string | number)[]) => (xs?.length ? [...xs].sort().join(',') : '');
	return [
		req.layer,
		req.z,
		req.x,
		req.y,
		req.today,
		list(req.routeIds ?? undefined) || (req.routeIds ? 'none' : 'all'),
		list(f.category),
		list(f.ward),
		list(f.zone),
		list(f.route)
	].join('|');
}

/** The tile's envelope widened by the encoder's buffer: a change there shows in this tile. */
function tileBox(req: repo.TileRequest): [number, number, number, number] {
	const [x0, y0, x1, y1] = tileEnvelope3857(req);
	const pad = ((x1 - x0) * 64) / 4096;
	return [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
}

async function buildTile(handle: DbHandle, mvt: boolean, req: repo.TileRequest) {
	if (mvt) return repo.mvtTile(handle.db, req);
	return encodeTile(repo.tileLayerNames[req.layer], await repo.tileFeatures(handle.db, req), req);
}

/** A request for data outside the user's route scope (answered with 403). */
export class OutOfScopeError extends Error {}

/**
 * One vector tile for a user: their route scope and the filters applied, with a strong ETag
 * (a hash of the bytes). Served from the in-process cache when the same tile was built since
 * its rows last changed; `buildMs` is the time spent building it (null on a cache hit).
 */
export async function tileFor(
	handle: DbHandle,
	user: SessionUser,
	params: TileParams,
	filters: TileFilters = {}
): Promise<CachedTile & { buildMs: number | null }> {
	const outside = filters.route?.filter((id) => user.routeIds && !user.routeIds.includes(id));
	if (outside?.length)
		throw new OutOfScopeError(`route: not in your routes (${outside.join(', ')})`);
	const req: repo.TileRequest = {
		...params,
		routeIds: user.routeIds,
		filters: params.layer === 'customers' ? filters : {},
		today: utilityDate()
	};
	const { mvt, cache } = await stateFor(handle);
	const key = cacheKey(req);
	const hit = cache?.get(key);
	if (hit) return { ...hit, buildMs: null };
	const ticket = cache?.ticket(req.layer) ?? '';
	const started = performance.now();
	const body = await buildTile(handle, mvt, req);
	const buildMs = performance.now() - started;
	const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
	cache?.set(key, req.layer, tileBox(req), { body, etag }, ticket);
	return { body, etag, buildMs };
}

export function summaryFor(db: Database, user: SessionUser) {
	return repo.mapSummary(db, user.routeIds);
}
