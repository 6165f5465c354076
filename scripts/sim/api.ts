// The simulator's calls to the work-orders JSON API, as the field PWA makes them: the staff
// member's session cookie, JSON bodies, an idempotency key per transition (a retry after a
// lost answer reuses it, so it never moves an order twice).
import { randomUUID } from 'node:crypto';
import type { WorkOrderResult } from '../../src/lib/domain/work-orders/results.ts';
import type { WorkOrderStatus, WorkOrderType } from '../../src/lib/domain/work-orders/workflow.ts';

export interface SimOrder {
	id: number;
	type: WorkOrderType;
	status: WorkOrderStatus;
	lon: number | null;
	lat: number | null;
	version: number;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

async function call<T>(origin: string, cookie: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${origin}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: {
			cookie,
			accept: 'application/json',
			origin,
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body),
		redirect: 'manual'
	});
	if (!response.ok)
		throw new ApiError(
			response.status,
			`${path}: HTTP ${response.status} ${await response.text()}`
		);
	return (await response.json()) as T;
}

/** The signed-in field worker's orders (the API gives field staff only their own). */
export async function myOrders(origin: string, cookie: string, staffId: number) {
	const { orders } = await call<{ orders: SimOrder[] }>(
		origin,
		cookie,
		`/api/work-orders?assignedTo=${staffId}&status=assigned,accepted,en_route,in_progress&limit=200`
	);
	return orders;
}

export interface Transition {
	to: WorkOrderStatus;
	/** The version the worker last saw; a newer one on the server answers 409. */
	version?: number;
	lon?: number;
	lat?: number;
	result?: WorkOrderResult;
	note?: string;
}

/**
 * Moves an order; retried with the same idempotency key when the server could not be reached
 * or answered 5xx (up to `attempts` times, 2 s apart). 4xx answers are thrown at once.
 */
export async function transition(
	origin: string,
	cookie: string,
	orderId: number,
	move: Transition,
	attempts = 5
): Promise<SimOrder> {
	const idempotencyKey = randomUUID();
	for (let attempt = 1; ; attempt++) {
		try {
			const { order } = await call<{ order: SimOrder }>(
				origin,
				cookie,
				`/api/work-orders/${orderId}/transition`,
				{ ...move, idempotencyKey }
			);
			return order;
		} catch (error) {
			const retriable = !(error instanceof ApiError) || error.status >= 500;
			if (!retriable || attempt >= attempts) throw error;
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
}
