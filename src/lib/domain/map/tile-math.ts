/** Web Mercator (XYZ) tile arithmetic. Longitudes and latitudes in degrees (EPSG:4326). */

export interface TileId {
	z: number;
	x: number;
	y: number;
}

/** The tile at zoom z that contains the point. */
export function tileAt(lon: number, lat: number, z: number): TileId {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	const x = Math.floor(((lon + 180) / 360) * n);
	const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
	const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
	return { z, x: clamp(x), y: clamp(y) };
}
