/**
 * When virtual field staff act: start times spread over one reporting interval (so N staff
 * reporting every T seconds send N/T positions each second rather than N at once), their
 * route as waypoints, and the position queue a device keeps while it cannot send.
 */
import type { Waypoint } from './walk.ts';

/** Milliseconds after the start at which worker `index` of `count` begins, in [0, intervalMs). */
export function staggerMs(index: number, count: number, intervalMs: number): number {
	if (count <= 0 || index < 0 || index >= count)
		throw new RangeError('index must be in [0, count)');
	return Math.floor((index * intervalMs) / count);
}

export interface RouteStop {
	lon: number;
	lat: number;
}

/**
 * One lap of a route: its customers in walking order (as given, ordered by route_seq), then
 * back the same way, so the walk can repeat without a jump from the last customer to the
 * first. `dwellS` seconds are spent at each customer (reading the meter).
 */
export function routeLap(stops: readonly RouteStop[], dwellS: number): Waypoint[] {
	const forward = stops.map((s) => ({ lon: s.lon, lat: s.lat, dwellS }));
	if (forward.length < 2) return forward;
	return [...forward, ...forward.slice(1, -1).reverse()];
}

/** Positions a device sends in one batch at most (the server refuses more). */
export const maxBatch = 100;

/**
 * Appends a position to the device's unsent queue, keeping at most `cap` (the oldest are
 * dropped first: after a long outage the latest trail matters most). Returns the new queue.
 */
export function enqueue<T>(queue: readonly T[], item: T, cap: number): T[] {
	const next = [...queue, item];
	return next.length > cap ? next.slice(next.length - cap) : next;
}

/** The next batch to send: the oldest positions first, at most maxBatch. */
export function nextBatch<T>(queue: readonly T[]): T[] {
	return queue.slice(0, maxBatch);
}
