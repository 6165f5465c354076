/**
 * The map selection: a polygon drawn on the map (GeoJSON, EPSG:4326) plus optional filters.
 * Validated here, before any SQL, so a bad drawing gets a message naming the field and the
 * reason instead of a PostGIS error. Geometry checks use turf, never hand-rolled maths.
 */
import { area, kinks, polygon as turfPolygon } from '@turf/turf';
import * as v from 'valibot';

export const customerCategories = [
	'domestic',
	'poor_household',
	'administrative',
	'public_service',
	'production',
	'business'
] as const;
export type CustomerCategory = (typeof customerCategories)[number];

export const customerStatuses = ['active', 'suspended', 'cut_off'] as const;
export type CustomerStatus = (typeof customerStatuses)[number];

/** Positions in the ring, closing position included. */
export const POLYGON_MAX_POSITIONS = 5000;
/** Largest selectable area, km² (a district; a whole province is an export job's work). */
export const POLYGON_MAX_AREA_KM2 = 2000;
/** Ids per filter list. */
export const FILTER_MAX_IDS = 500;

export interface PolygonGeometry {
	type: 'Polygon';
	/** One closed ring of [lon, lat] positions. */
	coordinates: [[number, number][]];
}

export interface SelectionFilters {
	category?: CustomerCategory[];
	ward?: number[];
	zone?: number[];
	route?: number[];
}

export interface Selection {
	polygon: PolygonGeometry;
	filters: SelectionFilters;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function idList(field: string) {
	const id = v.pipe(
		v.number(`filters.${field}: ids must be numbers`),
		v.integer(`filters.${field}: ids must be whole numbers`),
		v.minValue(1, `filters.${field}: ids must be positive`),
		v.maxValue(2_147_483_647, `filters.${field}: ids must be positive`)
	);
	return v.optional(
		v.pipe(
			v.array(id, `filters.${field}: must be a list of ids`),
			v.maxLength(FILTER_MAX_IDS, `filters.${field}: at most ${FILTER_MAX_IDS} ids`)
		)
	);
}

const filtersSchema = v.optional(
	v.object(
		{
			category: v.optional(
				v.pipe(
					v.array(
						v.picklist(
							customerCategories,
							`filters.category: must be one of ${customerCategories.join(', ')}`
						),
						'filters.category: must be a list of categories'
					),
					v.maxLength(customerCategories.length, 'filters.category: too many categories')
				)
			),
			ward: idList('ward'),
			zone: idList('zone'),
			route: idList('route')
		},
		'filters: must be an object'
	),
	{}
);

/** Validates a drawn polygon; returns it with its ring closed. */
export function parsePolygon(input: unknown): Parsed<PolygonGeometry> {
	if (typeof input !== 'object' || input === null || Array.isArray(input))
		return fail('polygon: must be a GeoJSON Polygon object');
	const g = input as { type?: unknown; coordinates?: unknown };
	if (g.type !== 'Polygon') return fail('polygon: type must be "Polygon"');
	if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
		return fail('polygon: coordinates must be a list of rings');
	if (g.coordinates.length !== 1) return fail('polygon: must have exactly one ring (no holes)');
	const raw: unknown = g.coordinates[0];
	if (!Array.isArray(raw)) return fail('polygon: the ring must be a list of positions');
	if (raw.length > POLYGON_MAX_POSITIONS)
		return fail(`polygon: at most ${POLYGON_MAX_POSITIONS} positions`);
	const ring: [number, number][] = [];
	for (const p of raw as unknown[]) {
		if (!Array.isArray(p) || p.length < 2 || p.length > 3)
			return fail('polygon: each position must be [longitude, latitude]');
		const [lon, lat] = p as unknown[];
		if (typeof lon !== 'number' || typeof lat !== 'number' || !isFinite(lon) || !isFinite(lat))
			return fail('polygon: positions must be finite numbers');
		if (lon < -180 || lon > 180) return fail('polygon: longitude must be between -180 and 180');
		if (lat < -90 || lat > 90) return fail('polygon: latitude must be between -90 and 90');
		// A double click repeats a position: drop repeats, they are not corners.
		const last = ring[ring.length - 1];
		if (!last || last[0] !== lon || last[1] !== lat) ring.push([lon, lat]);
	}
	const [first, last] = [ring[0], ring[ring.length - 1]];
	if (first && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
	if (ring.length < 4) return fail('polygon: needs at least 3 distinct corners');
	if (ring.length > POLYGON_MAX_POSITIONS)
		return fail(`polygon: at most ${POLYGON_MAX_POSITIONS} positions`);
	const feature = turfPolygon([ring]);
	if (kinks(feature).features.length > 0) return fail('polygon: the ring crosses itself');
	const km2 = area(feature) / 1e6;
	if (!(km2 > 0)) return fail('polygon: the area is zero');
	if (km2 > POLYGON_MAX_AREA_KM2)
		return fail(
			`polygon: the area is ${Math.round(km2)} km², more than ${POLYGON_MAX_AREA_KM2} km²; draw a smaller area`
		);
	return { ok: true, value: { type: 'Polygon', coordinates: [ring] } };
}

/** Validates a selection body: { polygon, filters? }. */
export function parseSelection(input: unknown): Parsed<Selection> {
	if (typeof input !== 'object' || input === null || Array.isArray(input))
		return fail('body: must be a JSON object with polygon and filters');
	const body = input as { polygon?: unknown; filters?: unknown };
	if (body.polygon === undefined) return fail('polygon: required');
	const polygon = parsePolygon(body.polygon);
	if (!polygon.ok) return polygon;
	const filters = v.safeParse(filtersSchema, body.filters);
	if (!filters.success) return fail(filters.issues[0].message);
	// Dedupe, and drop empty lists: an empty list means "no filter", not "nothing".
	const unique = <T>(list: T[] | undefined) =>
		list && list.length > 0 ? [...new Set(list)] : undefined;
	const f = filters.output;
	const value: SelectionFilters = {};
	const category = unique(f.category);
	const [ward, zone, route] = [unique(f.ward), unique(f.zone), unique(f.route)];
	if (category) value.category = category;
	if (ward) value.ward = ward;
	if (zone) value.zone = zone;
	if (route) value.route = route;
	return { ok: true, value: { polygon: polygon.value, filters: value } };
}
