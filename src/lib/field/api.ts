import type { FieldOrder } from './orders-logic.ts';
import { collectionBody, readingPart, type QueuedAction, type SendResult } from './outbox-logic.ts';

/**
 * The field view's calls to the work-order JSON API. Errors come back as
 * {error: {field, reason}} (validation, 409) or {message} (SvelteKit's error()).
 */
/** One step of the order's timeline. */
export interface OrderEvent {
	id: number;
	from: string | null;
	to: string;
	at: string;
	staffName: string | null;
	note: string | null;
}
export interface OrderAttachment {
	id: number;
	fileName: string;
	contentType: string;
	sizeBytes: number;
}
export interface OrderDetail extends FieldOrder {
	description?: string | null;
	result?: Record<string, unknown> | null;
	events?: OrderEvent[];
	attachments?: OrderAttachment[];
}

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly field?: string
	) {
		super(message);
	}
}

async function reasonOf(response: Response): Promise<{ reason: string; field?: string }> {
	try {
		const body = (await response.json()) as {
			error?: { field?: string; reason?: string } | string;
			message?: string;
		};
		if (body.error && typeof body.error === 'object')
			return { reason: body.error.reason ?? String(response.status), field: body.error.field };
		return { reason: body.message ?? (typeof body.error === 'string' ? body.error : '') };
	} catch {
		return { reason: `HTTP ${response.status}` };
	}
}

async function getJson<T>(url: string): Promise<T> {
	const response = await fetch(url, { headers: { accept: 'application/json' } });
	if (!response.ok) {
		const { reason, field } = await reasonOf(response);
		throw new HttpError(response.status, reason, field);
	}
	return (await response.json()) as T;
}

/**
 * The signed-in user's orders (the server keeps a field user to their own): every open one,
 * and the 20 latest done or failed so the technician sees what they just finished.
 */
export async function fetchMyOrders(): Promise<FieldOrder[]> {
	const [open, closed] = await Promise.all([
		getJson<{ orders: FieldOrder[] }>(
			'/api/work-orders?status=assigned,accepted,en_route,in_progress&limit=500'
		),
		getJson<{ orders: FieldOrder[] }>('/api/work-orders?status=done,failed&limit=20')
	]);
	return [...open.orders, ...closed.orders];
}

export async function fetchOrder(id: number): Promise<OrderDetail> {
	const body = await getJson<{ order: OrderDetail } & Partial<OrderDetail>>(
		`/api/work-orders/${id}`
	);
	// The detail is {order, events, attachments}.
	return { ...body.order, events: body.events, attachments: body.attachments };
}

export interface Me {
	id: number;
	fullName: string;
	role: string;
}
export const fetchMe = () => getJson<Me>('/api/field/me');

/**
 * Sends one queued action. Never throws: no answer at all (offline, reset) is status null,
 * which the queue retries with the same idempotency key.
 */
export async function sendAction(action: QueuedAction): Promise<SendResult> {
	let response: Response;
	try {
		if (action.kind === 'transition') {
			response = await fetch(`/api/work-orders/${action.orderId}/transition`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({
					to: action.to,
					idempotencyKey: action.key,
					result: action.result,
					note: action.note,
					lon: action.lon,
					lat: action.lat
				})
			});
		} else if (action.kind === 'reading') {
			// One request for the reading and its photo, so they are stored together or not at all.
			const form = new FormData();
			form.set('reading', JSON.stringify(readingPart(action)));
			if (action.photo) form.set('photo', action.photo, action.photoName ?? 'dong-ho.jpg');
			response = await fetch('/api/field/read/readings', {
				method: 'POST',
				headers: { accept: 'application/json' },
				body: form
			});
		} else if (action.kind === 'collection') {
			response = await fetch('/api/field/read/collections', {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(collectionBody(action))
			});
		} else {
			const name = encodeURIComponent(action.fileName);
			response = await fetch(`/api/work-orders/${action.orderId}/attachments?name=${name}`, {
				method: 'POST',
				headers: {
					'content-type': action.blob.type || 'application/octet-stream',
					accept: 'application/json',
					'x-file-name': name,
					// The upload's own key: a photo resent after a lost answer is not stored twice.
					'idempotency-key': action.key
				},
				body: action.blob
			});
		}
	} catch (error) {
		return { status: null, reason: (error as Error).message };
	}
	if (response.ok) {
		const body: unknown = await response.json().catch(() => undefined);
		return { status: response.status, body };
	}
	return { status: response.status, ...(await reasonOf(response)) };
}
