import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

export interface TileFeatureRow {
	id: string | number;
	props: Record<string, unknown>;
	geojson: string;
}

/**
 * Encodes rows as one Mapbox Vector Tile in Node, with the geometry cut and quantised by
 * geojson-vt exactly as MapLibre itself does for GeoJSON sources. Used only where PostGIS
 * cannot build the tile (see postgisHasMvt).
 */
export function encodeTile(
	layer: string,
	rows: TileFeatureRow[],
	tile: { z: number; x: number; y: number }
): Uint8Array {
	const collection: GeoJSON.FeatureCollection = {
		type: 'FeatureCollection',
		features: rows.map((row) => ({
			type: 'Feature',
			id: Number(row.id),
			properties: row.props,
			geometry: JSON.parse(row.geojson)
		}))
	};
	const vt = geoJSONToTile(collection, tile.z, tile.x, tile.y, { extent: 4096, buffer: 64 });
	if (!vt || vt.features.length === 0) return new Uint8Array();
	return fromGeojsonVt({ [layer]: vt }, { version: 2, extent: 4096 });
}
