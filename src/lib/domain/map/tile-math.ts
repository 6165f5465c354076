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

/** Half the width of the Web Mercator world, metres (EPSG:3857). */
export const mercatorHalfWorldM = 20037508.342789244;

/** A tile's bounds in EPSG:3857 metres: [xmin, ymin, xmax, ymax], as ST_TileEnvelope gives. */
export function tileEnvelope3857({ z, x, y }: TileId): [number, number, number, number] {
	const size = (2 * mercatorHalfWorldM) / 2 ** z;
	const xmin = -mercatorHalfWorldM + x * size;
	const ymax = mercatorHalfWorldM - y * size;
	return [xmin, ymax - size, xmin + size, ymax];
}

/** Whether two [xmin, ymin, xmax, ymax] boxes overlap (touching counts). */
export function boxesIntersect(
	a: readonly [number, number, number, number],
	b: readonly [number, number, number, number]
): boolean {
	return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** An EPSG:3857 box [xmin, ymin, xmax, ymax] in metres as [west, south, east, north] degrees. */
export function box3857ToLonLat(
	box: readonly [number, number, number, number]
): [number, number, number, number] {
	const lon = (x: number) => (x / mercatorHalfWorldM) * 180;
	const lat = (y: number) =>
		(Math.atan(Math.exp((y / mercatorHalfWorldM) * Math.PI)) * 360) / Math.PI - 90;
	return [lon(box[0]), lat(box[1]), lon(box[2]), lat(box[3])];
}
