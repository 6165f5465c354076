/**
 * The reading sheet as the phone holds it (GET /api/field/read/sheet, kept in IndexedDB for an
 * offline start) and the pure rules of the reading app: which customer is next, how far and in
 * which direction it is, and what a customer's row shows. No browser APIs: unit-tested.
 */
import { bearing, point } from '@turf/turf';
import type { ReadingRules } from '../../domain/readings/anomalies.ts';
import { distanceM, type ReadingContext } from '../../domain/readings/evaluate.ts';
import type { QueuedReading } from '../outbox-logic.ts';

export type Notice = 'suspended' | 'cut_off' | 'meter_replaced' | 'no_meter';

/** This period's reading as the server stored it. */
export interface StoredReading {
	id: number;
	kind: string;
	currentIndex: number | null;
	consumptionM3: number | null;
	flags: string[];
	reviewStatus: string | null;
	noteCode: string | null;
	readAt: string | null;
	photoCount: number;
}

/** One customer of the sheet, with everything the phone needs to read it offline. */
export interface SheetCustomer {
	id: number;
	code: string;
	name: string;
	address: string;
	seq: number | null;
	lon: number;
	lat: number;
	meter: { serial: string; dialDigits: number } | null;
	/** The index this period starts from, m³. */
	startIndex: number | null;
	/** Last 3 actual consumptions, newest first, and their mean, m³. */
	history: number[];
	averageM3: number | null;
	notices: Notice[];
	replacedOn: string | null;
	/** What evaluateReading needs; null without a meter in service. */
	context: ReadingContext | null;
	reading: StoredReading | null;
}

export interface RouteChoice {
	id: number;
	code: string;
	name: string;
}

export interface ReaderSheet {
	period: { id: number; month: string };
	rules: ReadingRules;
	/** Whether the user is kept to their routes (all loaded); else one route is asked for. */
	scoped: boolean;
	/** Routes the user may open. */
	choices: RouteChoice[];
	/** Routes loaded, each with its customers in sequence. */
	routes: (RouteChoice & { customers: SheetCustomer[] })[];
	/** ISO instant the server answered. */
	at: string;
}

export type ReadState = 'done' | 'queued' | 'todo';

/** Read (the server has it), waiting in the phone's queue, or still to read. */
export function readState(c: SheetCustomer, queued: ReadonlyMap<number, QueuedReading>): ReadState {
	if (queued.has(c.id)) return 'queued';
	return c.reading ? 'done' : 'todo';
}

/**
 * The customer to read next: the first unread one in sequence, or, after `afterId`, the first
 * unread one behind it (wrapping round to one skipped earlier). Null when all are read.
 */
export function nextCustomer(
	customers: readonly SheetCustomer[],
	queued: ReadonlyMap<number, QueuedReading>,
	afterId?: number
): SheetCustomer | null {
	const from = afterId === undefined ? 0 : customers.findIndex((c) => c.id === afterId) + 1;
	const order = [...customers.slice(from), ...customers.slice(0, from)];
	return order.find((c) => c.id !== afterId && readState(c, queued) === 'todo') ?? null;
}

const arrows = ['↑', '↗', '→', '↘', '↓', '↙', '←', '↖'];
const compass = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** Distance (m) and direction from the reader to a place: bearing in degrees from north. */
export function pointer(from: { lon: number; lat: number }, to: { lon: number; lat: number }) {
	const deg = (bearing(point([from.lon, from.lat]), point([to.lon, to.lat])) + 360) % 360;
	const sector = Math.round(deg / 45) % 8;
	return {
		distanceM: distanceM(from, to),
		bearingDeg: Math.round(deg),
		arrow: arrows[sector],
		compass: compass[sector]
	};
}

/** The sheet with one customer's stored reading replaced (after the server accepted it). */
export function withReading(
	sheet: ReaderSheet,
	customerId: number,
	reading: StoredReading
): ReaderSheet {
	return {
		...sheet,
		routes: sheet.routes.map((r) =>
			r.customers.some((c) => c.id === customerId)
				? { ...r, customers: r.customers.map((c) => (c.id === customerId ? { ...c, reading } : c)) }
				: r
		)
	};
}

/** Counts for the progress line: read by the server, queued, and the route's total. */
export function progress(
	customers: readonly SheetCustomer[],
	queued: ReadonlyMap<number, QueuedReading>
) {
	let done = 0;
	let waiting = 0;
	for (const c of customers) {
		const s = readState(c, queued);
		if (s === 'done') done++;
		else if (s === 'queued') waiting++;
	}
	return { done, queued: waiting, total: customers.length };
}
