import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export type TileLayer = 'zones' | 'master-meters' | 'customers';

export interface TileRequest {
	layer: TileLayer;
	z: number;
	x: number;
	y: number;
	/** Route ids a route-scoped user may see; null for everyone else. */
	routeIds: number[] | null;
}

// Below this zoom, customers are aggregated into grid cells (one point with a count per cell).
export const customerDetailMinZoom = 14;
// Grid cells per tile side when aggregating: 64 → cells of 4096/64 = 64 tile pixels.
const cellsPerTile = 64;

export const tileLayerNames: Record<TileLayer, string> = {
	zones: 'zones',
	'master-meters': 'master_meters',
	customers: 'customers'
};

/**
 * The rows of one tile: id, attributes (jsonb) and `g`, the stored Web Mercator geometry,
 * found with an index-backed `&&` (no per-row transform). Both encoders below read it.
 */
function tileSource(req: TileRequest): RawBuilder<unknown> {
	const env = sql`ST_TileEnvelope(${req.z}, ${req.x}, ${req.y})`;
	const scope = req.routeIds ? sql`and c.route_id = any(${req.routeIds}::int[])` : sql``;
	if (req.layer === 'zones')
		return sql`select z.id, jsonb_build_object('code', z.code, 'name', z.name) as props,
			z.geom_3857 as g from zone z where z.geom_3857 && ${env}`;
	if (req.layer === 'master-meters')
		return sql`select m.id, jsonb_build_object('serial', m.serial, 'name', m.name,
				'direction', m.direction, 'size_mm', m.size_mm, 'zone_id', m.zone_id) as props,
			m.geom_3857 as g from master_meter m where m.geom_3857 && ${env}`;
	if (req.z >= customerDetailMinZoom)
		return sql`select c.id, jsonb_build_object('code', c.code, 'category', c.category,
				'status', c.status, 'route_id', c.route_id, 'zone_id', c.zone_id) as props,
			c.geom_3857 as g from customer c where c.geom_3857 && ${env} ${scope}`;
	// Cell size in metres: the tile's width in Web Mercator divided into cellsPerTile cells.
	const cell = sql`(40075016.68557849 / (2 ^ ${req.z}) / ${cellsPerTile})`;
	return sql`select row_number() over () as id, jsonb_build_object('count', count(*)) as props,
			ST_Centroid(ST_Collect(c.geom_3857)) as g
		from customer c where c.geom_3857 && ${env} ${scope}
		group by ST_SnapToGrid(c.geom_3857, ${cell})`;
}

/** One Mapbox Vector Tile built by PostGIS itself: ST_AsMVT over ST_AsMVTGeom. */
export async function mvtTile(db: Kysely<DB>, req: TileRequest): Promise<Uint8Array> {
	const env = sql`ST_TileEnvelope(${req.z}, ${req.x}, ${req.y})`;
	// Points need little buffer; polygons keep 64 units so outlines join across tiles.
	const buffer = req.layer === 'zones' ? 64 : 16;
	const { rows } = await sql<{ mvt: Uint8Array }>`
		select ST_AsMVT(t, ${tileLayerNames[req.layer]}, 4096, 'geom', 'id') as mvt from (
			select s.id, s.props, ST_AsMVTGeom(s.g, ${env}, 4096, ${buffer}, true) as geom
			from (${tileSource(req)}) s
		) t`.execute(db);
	return rows[0]?.mvt ?? new Uint8Array();
}

/** The same rows as GeoJSON (EPSG:4326), for PostGIS builds without MVT support. */
export async function tileFeatures(db: Kysely<DB>, req: TileRequest) {
	const { rows } = await sql<{ id: string; props: Record<string, unknown>; geojson: string }>`
		select s.id, s.props, ST_AsGeoJSON(ST_Transform(s.g, 4326), 7) as geojson
		from (${tileSource(req)}) s`.execute(db);
	return rows;
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

export async function mapSummary(db: Kysely<DB>, routeIds: number[] | null) {
	const scope = routeIds ? sql`where c.route_id = any(${routeIds}::int[])` : sql``;
	const { rows } = await sql<{
		customers: number;
		zones: number;
		master_meters: number;
		bbox: [number, number, number, number] | null;
	}>`
		select
			(select count(*)::int from customer c ${scope}) as customers,
			(select count(*)::int from zone) as zones,
			(select count(*)::int from master_meter) as master_meters,
			(select array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]
				from (select ST_Extent(c.geom) as e from customer c ${scope}) b where e is not null) as bbox
	`.execute(db);
	return rows[0];
}
