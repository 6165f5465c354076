/**
 * A virtual field worker walking from waypoint to waypoint (the customers of their route in
 * walking order, with detours to their work orders), advanced in whole ticks of simulated
 * time. Pure: the simulator (scripts/sim) owns clocks and sockets. Distances are metres on
 * the sphere (turf), speeds km/h, times seconds.
 */
import { bearing, destination, distance, point } from '@turf/turf';
import type { Rng } from '../synthetic/prng.ts';

export type LonLat = [lon: number, lat: number];

export interface Waypoint {
	lon: number;
	lat: number;
	/** Seconds spent at the waypoint on arrival (reading a meter, repairing a leak). */
	dwellS: number;
	/** Set when the waypoint is a work order's location. */
	orderId?: number;
}

export interface WalkState {
	at: LonLat;
	/** Waypoints still ahead, the next first. */
	queue: Waypoint[];
	/** The waypoint being worked at, while its dwell lasts. */
	dwelling: Waypoint | null;
	dwellLeftS: number;
}

export interface TickResult {
	state: WalkState;
	/** Waypoints reached during the tick, in order. */
	arrived: Waypoint[];
	/** Waypoints whose dwell ended during the tick, in order. */
	departed: Waypoint[];
}

export function startWalk(at: LonLat, queue: Waypoint[] = []): WalkState {
	return { at, queue: [...queue], dwelling: null, dwellLeftS: 0 };
}

/** Metres from a to b on the sphere. */
export function metresBetween(a: LonLat, b: LonLat): number {
	return distance(point(a), point(b), { units: 'meters' });
}

/** The point `metres` from a towards b (b itself when it is closer than that). */
export function towards(a: LonLat, b: LonLat, metres: number): LonLat {
	const total = metresBetween(a, b);
	if (metres >= total) return [b[0], b[1]];
	const moved = destination(point(a), metres, bearing(point(a), point(b)), { units: 'meters' });
	return moved.geometry.coordinates as LonLat;
}

/**
 * Advances the walk by `seconds` at `speedKmh`: dwells first, then walks; arriving at a
 * waypoint starts its dwell, which uses up the rest of the tick's time before walking on.
 */
export function tick(state: WalkState, seconds: number, speedKmh: number): TickResult {
	if (!(seconds >= 0) || !(speedKmh > 0)) throw new RangeError('seconds ≥ 0 and speedKmh > 0');
	const metresPerS = speedKmh / 3.6;
	const arrived: Waypoint[] = [];
	const departed: Waypoint[] = [];
	let { at, dwelling, dwellLeftS } = state;
	const queue = [...state.queue];
	let left = seconds;
	while (left > 0) {
		if (dwelling) {
			const used = Math.min(left, dwellLeftS);
			left -= used;
			dwellLeftS -= used;
			if (dwellLeftS > 0) break;
			departed.push(dwelling);
			dwelling = null;
			continue;
		}
		const next = queue[0];
		if (!next) break;
		const target: LonLat = [next.lon, next.lat];
		const need = metresBetween(at, target) / metresPerS;
		if (need > left) {
			at = towards(at, target, left * metresPerS);
			break;
		}
		left -= need;
		at = target;
		queue.shift();
		arrived.push(next);
		if (next.dwellS > 0) {
			dwelling = next;
			dwellLeftS = next.dwellS;
		}
	}
	return { state: { at, queue, dwelling, dwellLeftS }, arrived, departed };
}

/**
 * Inserts a detour to a work order before the next waypoint, so the worker goes there next
 * and then carries on along the route. An order already queued is not queued twice.
 */
export function detour(state: WalkState, order: Waypoint): WalkState {
	if (
		state.queue.some((w) => w.orderId === order.orderId) ||
		state.dwelling?.orderId === order.orderId
	)
		return state;
	return { ...state, queue: [order, ...state.queue] };
}

/**
 * A GPS fix near the true position: a normally distributed error of `sigmaM` metres in a
 * uniformly random direction (phones in the open are within ~5 m).
 */
export function noisyFix(at: LonLat, rng: Rng, sigmaM: number): LonLat {
	const offset = Math.abs(rng.normal()) * sigmaM;
	if (offset === 0) return [at[0], at[1]];
	const moved = destination(point(at), offset, rng.real(-180, 180), { units: 'meters' });
	return moved.geometry.coordinates as LonLat;
}
