import { distance } from '@turf/turf';

/**
 * What a supervisor reads off a day's trail: where a person stopped (and for how long), and
 * how far they went. Pure: a trail in, numbers out. Geometry is geodesic (turf), in metres.
 */
export interface TrailPoint {
	lon: number;
	lat: number;
	/** Milliseconds since the epoch. */
	at: number;
	/** Horizontal accuracy the device reported, metres (68% radius); undefined when unknown. */
	accuracyM?: number | null;
}

export interface Stop {
	arrivedAt: number;
	departedAt: number;
	/** Mean position of the fixes of the dwell. */
	lon: number;
	lat: number;
	/** Minutes, one decimal. */
	durationMin: number;
}

export interface StopOptions {
	/** A dwell stays within this many metres of its first fix. */
	radiusM: number;
	/** A dwell of at least this many minutes is a stop. */
	minStopMin: number;
	/** Fixes less accurate than this (metres) are ignored: a phone indoors reports 100–1000 m. */
	maxAccuracyM: number;
	/** Moves shorter than this (metres) between counted fixes are GPS noise, not travel. */
	jitterM: number;
}

export const defaultStopOptions: StopOptions = {
	radiusM: 50,
	minStopMin: 5,
	maxAccuracyM: 50,
	jitterM: 10
};

const metres = (a: TrailPoint, b: { lon: number; lat: number }) =>
	distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });

function accurate(trail: TrailPoint[], maxAccuracyM: number): TrailPoint[] {
	return trail.filter((p) => p.accuracyM == null || p.accuracyM <= maxAccuracyM);
}

interface Dwell extends Stop {
	first: number;
	last: number;
}

/**
 * Stay-point detection (Li et al., 2008): from each fix, extend the dwell while the next fix
 * is within radiusM of it; a dwell lasting minStopMin or more is a stop and the scan resumes
 * after it, otherwise it resumes at the next fix. Indexes refer to the accurate fixes.
 */
function dwells(points: TrailPoint[], opts: StopOptions): Dwell[] {
	const found: Dwell[] = [];
	let i = 0;
	while (i < points.length) {
		let j = i;
		while (j + 1 < points.length && metres(points[i], points[j + 1]) <= opts.radiusM) j++;
		const ms = points[j].at - points[i].at;
		if (j > i && ms >= opts.minStopMin * 60_000) {
			const slice = points.slice(i, j + 1);
			found.push({
				first: i,
				last: j,
				arrivedAt: points[i].at,
				departedAt: points[j].at,
				lon: slice.reduce((s, p) => s + p.lon, 0) / slice.length,
				lat: slice.reduce((s, p) => s + p.lat, 0) / slice.length,
				durationMin: Math.round(ms / 6_000) / 10
			});
			i = j + 1;
		} else i++;
	}
	return found;
}

/** Stops on a trail sorted by time. */
export function detectStops(trail: TrailPoint[], options: Partial<StopOptions> = {}): Stop[] {
	const opts = { ...defaultStopOptions, ...options };
	return dwells(accurate(trail, opts.maxAccuracyM), opts).map(
		({ arrivedAt, departedAt, lon, lat, durationMin }) => ({
			arrivedAt,
			departedAt,
			lon,
			lat,
			durationMin
		})
	);
}

/**
 * Metres travelled along a trail sorted by time. Inaccurate fixes are dropped, the fixes of a
 * stop count as the stop's one position (wandering inside a shop is not travel), and a fix
 * closer than jitterM to the last counted one is skipped until the person has really moved.
 */
export function distanceTravelled(trail: TrailPoint[], options: Partial<StopOptions> = {}): number {
	const opts = { ...defaultStopOptions, ...options };
	const points = accurate(trail, opts.maxAccuracyM);
	const stops = dwells(points, opts);
	const path: { lon: number; lat: number }[] = [];
	let k = 0;
	for (let i = 0; i < points.length; i++) {
		while (k < stops.length && stops[k].last < i) k++;
		const stop = stops[k];
		if (stop && i >= stop.first) {
			if (i === stop.first) path.push(stop);
		} else path.push(points[i]);
	}
	let total = 0;
	let anchor = path[0];
	for (const p of path.slice(1)) {
		const d = distance([anchor.lon, anchor.lat], [p.lon, p.lat], { units: 'meters' });
		if (d >= opts.jitterM) {
			total += d;
			anchor = p;
		}
	}
	return Math.round(total);
}

export interface PositionInput {
	lon: number;
	lat: number;
	/** ISO 8601 instant. */
	at: string;
	accuracyM?: number;
	speedKmh?: number;
}

export type PositionCheck = { ok: true; at: Date } | { ok: false; field: string; reason: string };

/** A device clock may run a little fast; more than this in the future is a wrong clock, ms. */
const maxAheadMs = 60_000;
/** Older positions are not accepted (an offline queue older than a day is stale), ms. */
const maxAgeMs = 24 * 3_600_000;

/**
 * Checks one reported position against the world and the clock. Field names match the
 * socket payload, so a refusal can name them (`positions.3.lat`).
 */
export function checkPosition(p: PositionInput, now: Date = new Date()): PositionCheck {
	if (!Number.isFinite(p.lon) || p.lon < -180 || p.lon > 180)
		return { ok: false, field: 'lon', reason: 'must be a longitude from -180 to 180' };
	if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90)
		return { ok: false, field: 'lat', reason: 'must be a latitude from -90 to 90' };
	const at = new Date(p.at);
	if (Number.isNaN(at.getTime()))
		return { ok: false, field: 'at', reason: 'must be an ISO 8601 time' };
	if (at.getTime() - now.getTime() > maxAheadMs)
		return { ok: false, field: 'at', reason: 'is more than a minute in the future' };
	if (now.getTime() - at.getTime() > maxAgeMs)
		return { ok: false, field: 'at', reason: 'is more than 24 hours old' };
	if (p.accuracyM !== undefined && !(p.accuracyM >= 0 && p.accuracyM <= 32_767))
		return { ok: false, field: 'accuracyM', reason: 'must be metres from 0 to 32767' };
	if (p.speedKmh !== undefined && !(p.speedKmh >= 0 && p.speedKmh <= 1_000))
		return { ok: false, field: 'speedKmh', reason: 'must be km/h from 0 to 1000' };
	return { ok: true, at };
}
