import { booleanPointInPolygon, point } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { Rgba } from '../styles.ts';
import type { DispatchOrder, LiveStaff } from './api.ts';

/**
 * Pure rules of the dispatch screen: which orders it shows and where, their colours, what a
 * lasso or a drop picks, and how live events change its lists. No DOM, no fetch.
 */

// Orders past these are finished business: the map leaves them out.
const closedStatuses = new Set(['verified', 'cancelled']);
export const isOpen = (o: Pick<DispatchOrder, 'status'>): boolean => !closedStatuses.has(o.status);

/** Waiting in the queue: nobody has it yet. */
export const isUnassigned = (o: Pick<DispatchOrder, 'status' | 'assignedTo'>): boolean =>
	o.assignedTo === null && o.status === 'new';

/** May be given to (another) person: not yet started in the field. */
export const isAssignable = (o: Pick<DispatchOrder, 'status'>): boolean =>
	o.status === 'new' || o.status === 'assigned' || o.status === 'accepted';

// Fill by status: what the dispatcher must act on is warm, work under way is blue, finished
// work is green or grey.
const statusColors: Record<string, Rgba> = {
	new: [214, 48, 31, 235],
	assigned: [240, 162, 2, 235],
	accepted: [240, 162, 2, 235],
	en_route: [33, 113, 181, 235],
	in_progress: [33, 113, 181, 235],
	done: [27, 127, 59, 235],
	failed: [106, 61, 154, 235],
	verified: [154, 165, 177, 200],
	cancelled: [154, 165, 177, 200]
};
export const orderFill = (o: Pick<DispatchOrder, 'status'>): Rgba =>
	statusColors[o.status] ?? [136, 136, 136, 235];

// Radius in screen pixels by priority: an urgent order stands out at any zoom.
const priorityRadius: Record<string, number> = { low: 5, normal: 6, high: 8, urgent: 10 };
export const orderRadius = (o: Pick<DispatchOrder, 'priority'>): number =>
	priorityRadius[o.priority] ?? 6;

/** The orders of a list that lie inside a drawn polygon and can still be (re)assigned. */
export function ordersInside(orders: Iterable<DispatchOrder>, polygon: Polygon): DispatchOrder[] {
	const inside: DispatchOrder[] = [];
	for (const o of orders)
		if (isAssignable(o) && booleanPointInPolygon(point([o.lon, o.lat]), polygon)) inside.push(o);
	return inside;
}

/**
 * The item (staff member, order) drawn nearest to a screen point, if within `maxPx` pixels:
 * a click on an order, a drop onto a marker. `project` turns lon/lat into screen pixels (the
 * map's own projection, always current, unlike deck.gl's picking camera in interleaved mode).
 */
export function nearestAt<T extends { lon: number; lat: number }>(
	items: Iterable<T>,
	at: { x: number; y: number },
	project: (lonLat: [number, number]) => { x: number; y: number },
	maxPx: number
): T | null {
	let best: T | null = null;
	let bestDist = maxPx;
	for (const item of items) {
		const p = project([item.lon, item.lat]);
		const d = Math.hypot(p.x - at.x, p.y - at.y);
		if (d <= bestDist) {
			best = item;
			bestDist = d;
		}
	}
	return best;
}

export interface PositionUpdate {
	staffId: number;
	lon: number;
	lat: number;
	at: string;
}

/**
 * Moves known staff to their reported positions. Returns the new map (or the same one when
 * nothing moved) and whether someone unknown reported (their name has to be loaded).
 */
export function applyPositions(
	staff: ReadonlyMap<number, LiveStaff>,
	positions: readonly PositionUpdate[]
): { staff: ReadonlyMap<number, LiveStaff>; unknown: boolean } {
	let next: Map<number, LiveStaff> | null = null;
	let unknown = false;
	for (const p of positions) {
		const known = (next ?? staff).get(p.staffId);
		if (!known) {
			unknown = true;
			continue;
		}
		// Batches can arrive out of order across reconnects: keep the newest position.
		if (known.at && p.at < known.at) continue;
		next ??= new Map(staff);
		next.set(p.staffId, { ...known, lon: p.lon, lat: p.lat, at: p.at });
	}
	return { staff: next ?? staff, unknown };
}

/** The queue after an order changed: in it (kept in creation order) only while unassigned. */
export function updateQueue(
	queue: readonly DispatchOrder[],
	order: DispatchOrder
): DispatchOrder[] {
	const rest = queue.filter((o) => o.id !== order.id);
	if (!isUnassigned(order)) return rest;
	const at = rest.findIndex((o) => o.createdAt > order.createdAt);
	return at < 0 ? [...rest, order] : [...rest.slice(0, at), order, ...rest.slice(at)];
}

/** The map's orders after an order changed or was removed (null: it no longer exists). */
export function updateMapOrders(
	orders: ReadonlyMap<number, DispatchOrder>,
	id: number,
	order: DispatchOrder | null
): ReadonlyMap<number, DispatchOrder> {
	const next = new Map(orders);
	if (order && isOpen(order)) next.set(id, order);
	else next.delete(id);
	return next;
}

/** A list keyed by id (the store replaces its maps whole, so Svelte sees every change). */
export const indexBy = <T>(items: Iterable<T>, key: (item: T) => number): ReadonlyMap<number, T> =>
	new Map([...items].map((item) => [key(item), item]));

/** Orders on the map and in the queue, each once (the queue may hold orders out of view). */
export function allOrders(
	mapOrders: ReadonlyMap<number, DispatchOrder>,
	queue: readonly DispatchOrder[]
): DispatchOrder[] {
	const all = new Map(mapOrders);
	for (const o of queue) all.set(o.id, o);
	return [...all.values()];
}

/** Counts one more change for each id. */
export function bump(changes: ReadonlyMap<number, number>, ids: readonly number[]) {
	const next = new Map(changes);
	for (const id of ids) next.set(id, (next.get(id) ?? 0) + 1);
	return next;
}
