/**
 * The dispatch screen's JSON endpoints (work orders and live tracking), typed as the server
 * answers them. A refusal is an ApiError with the server's reason and status, so the panel
 * can show why an assignment was refused (403, 409 stale, 400).
 */
import { json } from '../api.ts';

export interface DispatchOrder {
	id: number;
	number: string;
	type: string;
	status: string;
	priority: string;
	lon: number;
	lat: number;
	address: string | null;
	customerId: number | null;
	customerCode: string | null;
	customerName: string | null;
	assignedTo: number | null;
	assigneeName: string | null;
	dueAt: string | null;
	createdAt: string;
	version: number;
}

export interface OrderAttachment {
	id: number;
	fileName: string;
	contentType: string;
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

/** Every order located in the box (the map layer draws the open ones). */
export async function ordersIn(bbox: Bbox, signal?: AbortSignal): Promise<DispatchOrder[]> {
	const r = await fetch(
		`/api/work-orders?bbox=${bbox.map((n) => n.toFixed(6)).join(',')}&limit=2000`,
		{
			signal
		}
	);
	return (await json<{ orders: DispatchOrder[] }>(r)).orders;
}

/** One order with its attachments. The endpoint also returns the timeline, unused here. */
export async function orderDetail(id: number, signal?: AbortSignal): Promise<OrderDetail> {
	const body = await json<Record<string, unknown>>(
		await fetch(`/api/work-orders/${id}`, { signal })
	);
	// The order may come at the top level or under `order`.
	const order = (body.order ?? body) as DispatchOrder;
	const raw = (body.attachments ?? []) as Record<string, unknown>[];
	return {
		...order,
		attachments: raw.map((a) => ({
			id: Number(a.id),
			fileName: String(a.fileName ?? a.name ?? ''),
			contentType: String(a.contentType ?? a.mime ?? '')
		}))
	};
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
	const body = await json<{ staff?: Record<string, unknown>[] }>(
		await fetch('/api/tracking/live', { signal })
	);
	return (body.staff ?? [])
		.map((s) => ({
			staffId: Number(s.staffId ?? s.id),
			name: String(s.name ?? s.fullName ?? ''),
			lon: Number(s.lon),
			lat: Number(s.lat),
			at: (s.at ?? s.recordedAt ?? null) as string | null
		}))
		.filter((s) => Number.isFinite(s.lon) && Number.isFinite(s.lat));
}
