/**
 * The dispatch screen's JSON endpoints (work orders and live tracking), typed as the server
 * answers them. A refusal is an ApiError with the server's reason and status, so the panel
 * can show why an assignment was refused (403, 409 stale, 400).
 */
import type { WorkOrderListItem } from '#lib/domain/work-orders/list-item.ts';
import { json } from '../api.ts';

/** An open order the map draws: always located (the endpoint is asked for a box). */
export interface DispatchOrder extends WorkOrderListItem {
	lon: number;
	lat: number;
}

export interface OrderAttachment {
	id: number;
	fileName: string;
	contentType: string;
	/** Download address; `?preview=1` shows a photo inline. */
	url: string;
}

export interface OrderDetail extends DispatchOrder {
	attachments: OrderAttachment[];
}

export interface Suggestion {
	staffId: number;
	name: string;
	distanceM: number | null;
	skills: string[];
	openOrders: number;
	score: number;
}

export interface LiveStaff {
	staffId: number;
	name: string;
	lon: number;
	lat: number;
	at: string | null;
}

export type Bbox = [number, number, number, number];

/** Orders waiting for someone (status new, nobody assigned), oldest first as the server sorts. */
export async function unassignedOrders(signal?: AbortSignal): Promise<DispatchOrder[]> {
	const r = await fetch('/api/work-orders?unassigned=1&limit=500', { signal });
	return (await json<{ orders: DispatchOrder[] }>(r)).orders;
}

// What the map draws: orders not yet verified or cancelled.
const openStatuses = 'new,assigned,accepted,en_route,in_progress,done,failed';

/** The open orders located in the box, at most 2,000 (the endpoint's cap). */
export async function ordersIn(bbox: Bbox, signal?: AbortSignal): Promise<DispatchOrder[]> {
	// The endpoint refuses a box past the antimeridian or the poles: clamp a wide view.
	const [w, s, e, n] = [
		Math.max(bbox[0], -180),
		Math.max(bbox[1], -90),
		Math.min(bbox[2], 180),
		Math.min(bbox[3], 90)
	].map((x) => x.toFixed(6));
	const r = await fetch(
		`/api/work-orders?status=${openStatuses}&bbox=${w},${s},${e},${n}&limit=2000`,
		{ signal }
	);
	return (await json<{ orders: DispatchOrder[] }>(r)).orders;
}

/** One order with its attachments. The endpoint also returns the timeline, unused here. */
export async function orderDetail(id: number, signal?: AbortSignal): Promise<OrderDetail> {
	const body = await json<{ order: DispatchOrder; attachments: OrderAttachment[] }>(
		await fetch(`/api/work-orders/${id}`, { signal })
	);
	return { ...body.order, attachments: body.attachments };
}

export async function suggestions(id: number, signal?: AbortSignal): Promise<Suggestion[]> {
	const r = await fetch(`/api/work-orders/${id}/suggestions`, { signal });
	return (await json<{ staff: Suggestion[] }>(r)).staff;
}

/** Assigns, reassigns (staffId) or unassigns (null) the orders, all or none. */
export async function assign(ids: number[], staffId: number | null): Promise<void> {
	await json(
		await fetch('/api/work-orders/assign', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ids, staffId })
		})
	);
}

/** Field staff on duty with their last position. */
export async function liveStaff(signal?: AbortSignal): Promise<LiveStaff[]> {
	type Row = Omit<LiveStaff, 'lon' | 'lat'> & { lon: number | null; lat: number | null };
	const body = await json<{ staff: Row[] }>(await fetch('/api/tracking/live', { signal }));
	// Someone just on duty may have no position yet: nothing to draw until the first one.
	return body.staff.filter((s): s is LiveStaff => s.lon !== null && s.lat !== null);
}
