import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import { consumptionClassUpperBoundsM3 } from '../../domain/map/consumption-class.ts';
import type { DB } from '../db/types.gen.ts';

export type TileLayer = 'zones' | 'master-meters' | 'customers';

export interface TileFilters {
	category?: string[];
	ward?: number[];
	zone?: number[];
	route?: number[];
}

export interface TileRequest {
	layer: TileLayer;
	z: number;
	x: number;
	y: number;
	/** Route ids a route-scoped user may see; null for everyone else. */
	routeIds: number[] | null;
	filters: TileFilters;
	/** Today in Asia/Ho_Chi_Minh (YYYY-MM-DD): a meter is overdue once its due date is past. */
	today: string;
}

// Below this zoom customers are drawn as counted grid cells; the client's layers.ts switches
// layers at the same zoom.
export const customerDetailMinZoom = 14;
export const customerCodeMinZoom = 15;
// customer_cell holds levels 10–13 with 64 cells per tile side (migration 0003_map): a cell is
// 64 of the tile's 4096 units, 8 screen pixels on a 512 px tile.
const cellsPerTileSide = 64;
const finestCellLevel = customerDetailMinZoom - 1;
const coarsestCellLevel = 10;

export const tileLayerNames: Record<TileLayer, string> = {
	zones: 'zones',
	'master-meters': 'master_meters',
	customers: 'customers'
};

type GeomWrapper = (g: RawBuilder<unknown>) => RawBuilder<unknown>;

const anyInt = (ids: number[]) => sql`any(${ids}::int[])`;

const noConditions = sql``;
const isEmptySql = (part: RawBuilder<unknown>) => part === noConditions;

/** The attribute filters and the route scope, as `and …` clauses over a table alias. */
function customerConditions(req: TileRequest, alias: string): RawBuilder<unknown> {
	const col = (name: string) => sql.ref(`${alias}.${name}`);
	const parts: RawBuilder<unknown>[] = [];
	const f = req.filters;
	if (req.routeIds) parts.push(sql`${col('route_id')} = ${anyInt(req.routeIds)}`);
	if (f.route?.length) parts.push(sql`${col('route_id')} = ${anyInt(f.route)}`);
	if (f.ward?.length) parts.push(sql`${col('ward_id')} = ${anyInt(f.ward)}`);
	if (f.zone?.length) parts.push(sql`${col('zone_id')} = ${anyInt(f.zone)}`);
	if (f.category?.length) parts.push(sql`${col('category')} = any(${f.category}::text[])`);
	return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : noConditions;
}

/** Consumption class 0–4 of the last reading (null without one), on the tariff's blocks. */
function consumptionClassSql(m3: RawBuilder<unknown>): RawBuilder<unknown> {
	const [b1, b2, b3] = consumptionClassUpperBoundsM3;
	return sql`case when ${m3} is null then null when ${m3} <= 0 then 0 when ${m3} <= ${b1} then 1
		when ${m3} <= ${b2} then 2 when ${m3} <= ${b3} then 3 else 4 end`;
}

/**
 * One tile's rows: `id`, the attributes, and `geom` (the stored EPSG:3857 geometry passed
 * through `geom`, which encodes it). Every layer is found with an index-backed `&&` on a
 * geometry stored in Web Mercator, or on the cell grid's btree, so nothing is transformed
 * or joined per row.
 */
function tileRows(req: TileRequest, geom: GeomWrapper): RawBuilder<unknown> {
	const env = sql`ST_TileEnvelope(${req.z}, ${req.x}, ${req.y})`;
	if (req.layer === 'zones')
		return sql`select z.id, z.code, z.name, ${geom(sql`z.geom_3857`)} as geom
			from zone z where z.geom_3857 && ${env}`;
	if (req.layer === 'master-meters')
		return sql`select m.id, m.serial, m.name, m.direction, m.size_mm, m.zone_id,
				${geom(sql`m.geom_3857`)} as geom
			from master_meter m where m.geom_3857 && ${env}`;
	if (req.z >= customerDetailMinZoom) {
		// The code (unique per customer, so never shared in the tile's value table) costs ~14
		// bytes a feature: at z14 a dense tile holds ~10k customers, so it starts at z15.
		const code = req.z >= customerCodeMinZoom ? sql`m.code,` : sql``;
		return sql`select m.customer_id as id, ${code} m.category, m.status, m.route_id, m.zone_id,
				coalesce(m.verification_due_on < ${req.today}::date, false) as overdue,
				${consumptionClassSql(sql`m.last_consumption_m3`)} as consumption_class,
				m.open_work_orders as open_orders, ${geom(sql`m.g`)} as geom
			from customer_map m where m.g && ${env} ${customerConditions(req, 'm')}`;
	}
	return cellRows(req, geom);
}

/**
 * Customer counts per cell, from the precomputed grid. Zooms 10–13 read their own level;
 * lower zooms merge level-10 cells (2^(10 − z) per side) so a tile still has ≤ 64 × 64 cells.
 * A cell is drawn at the centroid of its customers.
 */
function cellRows(req: TileRequest, geom: GeomWrapper): RawBuilder<unknown> {
	const level = Math.min(finestCellLevel, Math.max(coarsestCellLevel, req.z));
	const shift = level - Math.min(req.z, level);
	const span = cellsPerTileSide << shift;
	const [x0, y0] = [req.x * span, req.y * span];
	const conditions = customerConditions(req, 'k');
	// Without filters or scope, the per-cell totals answer alone (far fewer rows).
	const table = isEmptySql(conditions) ? sql`customer_cell_total` : sql`customer_cell`;
	return sql`select c.cx::bigint * 2097152 + c.cy as id, c.n as count,
			${geom(sql`ST_Point(c.sx / c.n, c.sy / c.n, 3857)`)} as geom
		from (
			select k.cx >> ${shift} as cx, k.cy >> ${shift} as cy, sum(k.n)::int as n,
				sum(k.sx) as sx, sum(k.sy) as sy
			from ${table} k
			where k.level = ${level} and k.cx between ${x0} and ${x0 + span - 1}
				and k.cy between ${y0} and ${y0 + span - 1} ${conditions}
			group by 1, 2
		) c where c.n > 0`;
}

function mvtQuery(req: TileRequest): RawBuilder<{ mvt: Uint8Array | null }> {
	const env = sql`ST_TileEnvelope(${req.z}, ${req.x}, ${req.y})`;
	// Points need little buffer; polygons keep 64 units so outlines join across tiles.
	const buffer = req.layer === 'zones' ? 64 : 16;
	const rows = tileRows(req, (g) => sql`ST_AsMVTGeom(${g}, ${env}, 4096, ${buffer}, true)`);
	return sql<{ mvt: Uint8Array | null }>`
		select ST_AsMVT(t, ${tileLayerNames[req.layer]}, 4096, 'geom', 'id') as mvt
		from (${rows}) t`;
}

/** The exact SQL the endpoint runs for a tile: benchmarks execute it raw as their floor. */
export function compileTileQuery(db: Kysely<DB>, req: TileRequest): CompiledQuery {
	return mvtQuery(req).compile(db);
}

/** One Mapbox Vector Tile built by PostGIS itself: ST_AsMVT over ST_AsMVTGeom. */
export async function mvtTile(db: Kysely<DB>, req: TileRequest): Promise<Uint8Array> {
	const { rows } = await mvtQuery(req).execute(db);
	return rows[0]?.mvt ?? new Uint8Array();
}

/** The same rows as GeoJSON (EPSG:4326), for PostGIS builds without MVT support. */
export async function tileFeatures(db: Kysely<DB>, req: TileRequest) {
	const rows = tileRows(req, (g) => sql`ST_AsGeoJSON(ST_Transform(${g}, 4326), 7)`);
	const result = await sql<{ id: string; props: Record<string, unknown>; geojson: string }>`
		select t.id, jsonb_strip_nulls(to_jsonb(t) - 'id' - 'geom') as props, t.geom as geojson
		from (${rows}) t`.execute(db);
	return result.rows;
}

/**
 * Whether this PostGIS can build vector tiles. The embedded PGlite build ships without
 * protobuf-c, so ST_AsMVT raises there.
 */
export async function postgisHasMvt(db: Kysely<DB>): Promise<boolean> {
	try {
		await sql`select ST_AsMVT(t) from (select 1 as id, ST_Point(0, 0) as geom) t`.execute(db);
		return true;
	} catch {
		return false;
	}
}

/**
 * Counts and extent for the map's first view, read from the level-13 cell grid rather than
 * the million customer rows (the extent is that of cell centroids, within ~80 m).
 */
export async function mapSummary(db: Kysely<DB>, routeIds: number[] | null) {
	const scope = routeIds ? sql`and k.route_id = any(${routeIds}::int[])` : sql``;
	const table = routeIds ? sql`customer_cell` : sql`customer_cell_total`;
	const { rows } = await sql<{
		customers: number;
		zones: number;
		master_meters: number;
		bbox: [number, number, number, number] | null;
	}>`
		with cells as (
			select k.n, ST_Transform(ST_Point(k.sx / k.n, k.sy / k.n, 3857), 4326) as p
			from ${table} k where k.level = ${finestCellLevel} ${scope}
		)
		select
			(select coalesce(sum(n), 0)::int from cells) as customers,
			(select count(*)::int from zone) as zones,
			(select count(*)::int from master_meter) as master_meters,
			(select array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]
				from (select ST_Extent(p) as e from cells) b where e is not null) as bbox
	`.execute(db);
	return rows[0];
}
