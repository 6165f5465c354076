/**
 * Replay of a day's trail on the supervisor's map: where the person was at a moment, and the
 * clock that a play button moves at 1×, 10× or 60× real time.
 */

/** [lon, lat, epoch ms], oldest first (as /api/tracking/[staffId]/trail sends them). */
export type TimedPoint = [number, number, number];

export const replaySpeeds = [1, 10, 60] as const;
export type ReplaySpeed = (typeof replaySpeeds)[number];

/** Index of the last point at or before `t` (binary search), or -1 when `t` is before all. */
export function indexAt(points: TimedPoint[], t: number): number {
	let lo = 0;
	let hi = points.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (points[mid][2] <= t) {
			found = mid;
			lo = mid + 1;
		} else hi = mid - 1;
	}
	return found;
}

/**
 * Where the person was at `t`: between two fixes, linearly in between (so playback glides
 * instead of jumping every 5 s); before the first fix, null; after the last, the last.
 */
export function positionAt(points: TimedPoint[], t: number): [number, number] | null {
	const i = indexAt(points, t);
	if (i < 0) return null;
	const a = points[i];
	const b = points[i + 1];
	if (!b || b[2] === a[2]) return [a[0], a[1]];
	const f = (t - a[2]) / (b[2] - a[2]);
	return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

/** The trail walked by `t`, ending at the interpolated position. */
export function trailUntil(points: TimedPoint[], t: number): [number, number][] {
	const i = indexAt(points, t);
	if (i < 0) return [];
	const path = points.slice(0, i + 1).map((p): [number, number] => [p[0], p[1]]);
	const here = positionAt(points, t);
	if (here && i + 1 < points.length) path.push(here);
	return path;
}

/** The replay clock after `elapsedMs` of wall time at `speed`, stopping at `end`. */
export function advance(t: number, elapsedMs: number, speed: number, end: number): number {
	return Math.min(end, t + elapsedMs * speed);
}

/** A person is stale when their last fix is older than this: two missed 5 s reports and more. */
export const staleAfterMs = 60_000;

export function isStale(at: string | null, now: number): boolean {
	return at === null || now - Date.parse(at) > staleAfterMs;
}
