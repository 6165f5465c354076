// One tile, fetched the two ways bench:tiles compares: through the HTTP endpoint (session
// cookie, guard, service, cache, Kysely) and as the endpoint's compiled SQL sent straight
// through postgres.js (the floor). Times are wall-clock milliseconds around the whole
// exchange, body included.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type postgres from 'postgres';
import type { Database } from '../../src/lib/server/db/connection.ts';
import {
	compileTileQuery,
	type TileFilters,
	type TileRequest
} from '../../src/lib/server/map/map.repository.ts';
import type { TileSpec } from './tile-set.ts';

export interface Probe {
	spec: TileSpec;
	filters: TileFilters;
	/** Path and query string of the endpoint, e.g. /tiles/customers/14/13040/7566.mvt?zone=3 */
	path: string;
	/** The endpoint's own SQL for this tile, as an admin (no route scope) sees it. */
	query: { sql: string; parameters: readonly unknown[] };
}

export function makeProbe(
	db: Database,
	spec: TileSpec,
	filters: TileFilters,
	today: string
): Probe {
	const params = new URLSearchParams();
	for (const [key, values] of Object.entries(filters)) params.set(key, values.join(','));
	const search = params.size ? `?${params}` : '';
	const req: TileRequest = { ...spec, routeIds: null, filters, today };
	return {
		spec,
		filters,
		path: `/tiles/${spec.layer}/${spec.z}/${spec.x}/${spec.y}.mvt${search}`,
		query: compileTileQuery(db, req)
	};
}

export interface HttpResult {
	ms: number;
	status: number;
	body: Uint8Array;
	etag: string | null;
}

export async function fetchTile(
	origin: string,
	probe: Probe,
	cookie: string,
	ifNoneMatch?: string
): Promise<HttpResult> {
	const headers: Record<string, string> = { cookie };
	if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch;
	const started = performance.now();
	const response = await fetch(origin + probe.path, { headers });
	const body = new Uint8Array(await response.arrayBuffer());
	const ms = performance.now() - started;
	return { ms, status: response.status, body, etag: response.headers.get('etag') };
}

export interface FloorResult {
	ms: number;
	body: Uint8Array;
}

/**
 * The floor: the same SQL on a dedicated connection, returning the bytea. `prepared` sends it
 * as a named prepared statement, as kysely-postgres-js does for the endpoint (PostgreSQL then
 * moves to a generic plan after five runs); unprepared, every run gets a custom plan.
 */
export async function floorTile(
	sql: postgres.Sql,
	probe: Probe,
	prepared: boolean
): Promise<FloorResult> {
	const started = performance.now();
	const rows = await sql.unsafe<{ mvt: Uint8Array | null }[]>(
		probe.query.sql,
		probe.query.parameters as postgres.ParameterOrJSON<never>[],
		{ prepare: prepared }
	);
	const ms = performance.now() - started;
	return { ms, body: rows[0]?.mvt ?? new Uint8Array() };
}

/** Features in a Mapbox Vector Tile, over all its layers. */
export function countFeatures(body: Uint8Array): number {
	if (body.byteLength === 0) return 0;
	const tile = new VectorTile(new PbfReader(body));
	return Object.values(tile.layers).reduce((sum, layer) => sum + layer.length, 0);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.byteLength === b.byteLength && Buffer.from(a).equals(Buffer.from(b));
}
