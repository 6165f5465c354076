import { sql, type Kysely } from 'kysely';
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

/**
 * One Mapbox Vector Tile from PostGIS: ST_AsMVT over rows found with an index-backed `&&`
 * on the stored Web Mercator geometry (no per-row transform at request time).
 */
export async function tile(db: Kysely<DB>, req: TileRequest): Promise<Uint8Array> {
	const env = sql`ST_TileEnvelope(${req.z}, ${req.x}, ${req.y})`;
	const scope = req.routeIds ? sql`and c.route_id = any(${sql.val(req.routeIds)}::int[])` : sql``;
	let query;
	if (req.layer === 'zones') {
		query = sql<{ mvt: Uint8Array }>`
			select ST_AsMVT(t, 'zones', 4096, 'geom', 'id') as mvt from (
				select z.id, z.code, z.name,
					ST_AsMVTGeom(z.geom_3857, ${env}, 4096, 64, true) as geom
				from zone z where z.geom_3857 && ${env}
			) t`;
	} else if (req.layer === 'master-meters') {
		query = sql<{ mvt: Uint8Array }>`
			select ST_AsMVT(t, 'master_meters', 4096, 'geom', 'id') as mvt from (
				select m.id, m.serial, m.name, m.direction, m.size_mm, m.zone_id,
					ST_AsMVTGeom(m.geom_3857, ${env}, 4096, 64, true) as geom
				from master_meter m where m.geom_3857 && ${env}
			) t`;
	} else if (req.z >= customerDetailMinZoom) {
		query = sql<{ mvt: Uint8Array }>`
			select ST_AsMVT(t, 'customers', 4096, 'geom', 'id') as mvt from (
				select c.id, c.code, c.category, c.status, c.route_id, c.zone_id,
					ST_AsMVTGeom(c.geom_3857, ${env}, 4096, 16, true) as geom
				from customer c where c.geom_3857 && ${env} ${scope}
			) t`;
	} else {
		// Cell size in metres: the tile's width in Web Mercator divided into cellsPerTile cells.
		const cell = sql`(40075016.68557849 / (2 ^ ${req.z}) / ${cellsPerTile})`;
		query = sql<{ mvt: Uint8Array }>`
			select ST_AsMVT(t, 'customers', 4096, 'geom', 'cell_id') as mvt from (
				select row_number() over () as cell_id, count(*)::int as count,
					ST_AsMVTGeom(ST_Centroid(ST_Collect(c.geom_3857)), ${env}, 4096, 16, true) as geom
				from customer c where c.geom_3857 && ${env} ${scope}
				group by ST_SnapToGrid(c.geom_3857, ${cell})
			) t`;
	}
	const { rows } = await query.execute(db);
	return rows[0]?.mvt ?? new Uint8Array();
}

export async function mapSummary(db: Kysely<DB>, routeIds: number[] | null) {
	const scope = routeIds ? sql`where c.route_id = any(${sql.val(routeIds)}::int[])` : sql``;
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
