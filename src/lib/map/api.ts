/**
 * The map's JSON endpoints (/api/map/...), typed as the server answers them. Errors carry the
 * server's `{message}` so the UI can show the reason.
 */
import type { Polygon } from 'geojson';
import type { MapFilters } from './url-state.ts';

export interface SearchResult {
	id: number;
	code: string;
	name: string;
	address: string;
	phone: string | null;
	meterSerial: string | null;
	lon: number;
	lat: number;
}

export interface CustomerDetail {
	customer: {
		id: number;
		code: string;
		name: string;
		address: string;
		phone: string | null;
		category: string;
		status: string;
		ward: string | null;
		zone: string | null;
		route: string | null;
		lon: number;
		lat: number;
	};
	meter: {
		serial: string;
		brand: string;
		sizeMm: number;
		installedOn: string | null;
		verificationDueOn: string | null;
		overdue: boolean;
	} | null;
	contract: { number: string; signedOn: string; status: string } | null;
	readings: {
		periodMonth: string;
		consumptionM3: number | null;
		currentIndex: number | null;
		kind: string;
	}[];
	workOrders: {
		id: number;
		number: string;
		type: string;
		status: string;
		priority: string;
		createdAt: string;
	}[];
}

export interface SelectionBody {
	polygon: Polygon;
	filters?: Partial<MapFilters>;
}

export interface SelectionResult {
	total: number;
	byCategory: Record<string, number>;
	byStatus: Record<string, number>;
	customers: {
		id: number;
		code: string;
		name: string;
		address: string;
		category: string;
		status: string;
	}[];
}

export class ApiError extends Error {
	constructor(
		message: string,
		readonly status: number
	) {
		super(message);
	}
}

/** The body of a JSON answer, or an ApiError with the server's reason. */
export async function json<T>(response: Response): Promise<T> {
	if (response.ok) return (await response.json()) as T;
	let message = response.statusText;
	try {
		// SvelteKit's error() gives {message}; JSON endpoints give {error: {field, reason}}.
		const body = (await response.json()) as {
			message?: string;
			error?: { field?: string; reason?: string };
		};
		if (body.error?.reason)
			message = body.error.field ? `${body.error.field}: ${body.error.reason}` : body.error.reason;
		else if (body.message) message = body.message;
	} catch {
		// Not JSON (a proxy error page): keep the status text.
	}
	throw new ApiError(message, response.status);
}

export async function searchCustomers(q: string, signal?: AbortSignal): Promise<SearchResult[]> {
	const response = await fetch(`/api/map/search?q=${encodeURIComponent(q)}`, { signal });
	return (await json<{ results: SearchResult[] }>(response)).results;
}

export async function customerDetail(id: number, signal?: AbortSignal): Promise<CustomerDetail> {
	return json(await fetch(`/api/map/customers/${id}`, { signal }));
}

export async function querySelection(
	body: SelectionBody,
	signal?: AbortSignal
): Promise<SelectionResult> {
	return json(
		await fetch('/api/map/selection/query', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal
		})
	);
}
