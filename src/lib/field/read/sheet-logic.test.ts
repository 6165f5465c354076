import { describe, expect, it } from 'vitest';
import type { QueuedReading } from '../outbox-logic.ts';
import {
	nextCustomer,
	pointer,
	progress,
	readState,
	withReading,
	type ReaderSheet,
	type SheetCustomer,
	type StoredReading
} from './sheet-logic.ts';

const stored = (id: number): StoredReading => ({
	id,
	kind: 'actual',
	currentIndex: 120,
	consumptionM3: 12,
	flags: [],
	reviewStatus: 'ok',
	noteCode: null,
	readAt: '2026-12-03T02:00:00.000Z',
	photoCount: 1
});

const customer = (id: number, read = false): SheetCustomer => ({
	id,
	code: `KH${id}`,
	name: `Khách ${id}`,
	address: '',
	seq: id * 10,
	lon: 107.59,
	lat: 16.46,
	meter: { serial: `S${id}`, dialDigits: 5 },
	startIndex: 100,
	history: [10, 12, 11],
	averageM3: 11,
	notices: [],
	replacedOn: null,
	context: null,
	reading: read ? stored(id) : null
});

const queued = (...ids: number[]) =>
	new Map(ids.map((id) => [id, { kind: 'reading', customerId: id } as QueuedReading]));

describe('nextCustomer', () => {
	const route = [customer(1, true), customer(2), customer(3), customer(4, true), customer(5)];

	it('is the first unread customer in sequence', () => {
		expect(nextCustomer(route, queued())?.id).toBe(2);
	});

	it('skips a customer whose reading waits in the queue', () => {
		expect(nextCustomer(route, queued(2))?.id).toBe(3);
	});

	it('after a save goes on behind the customer just read, then back to one skipped', () => {
		expect(nextCustomer(route, queued(3), 3)?.id).toBe(5);
		expect(nextCustomer(route, queued(3, 5), 5)?.id).toBe(2);
	});

	it('is null when every customer is read or queued', () => {
		expect(nextCustomer(route, queued(2, 3, 5))).toBeNull();
		expect(nextCustomer(route, queued(2, 3, 5), 5)).toBeNull();
	});
});

describe('readState and progress', () => {
	it('tells read, queued and to-do apart, the queue first (a re-read waits to be sent)', () => {
		const read = customer(1, true);
		expect(readState(read, queued())).toBe('done');
		expect(readState(read, queued(1))).toBe('queued');
		expect(readState(customer(2), queued())).toBe('todo');
		expect(progress([read, customer(2), customer(3)], queued(3))).toEqual({
			done: 1,
			queued: 1,
			total: 3
		});
	});
});

describe('pointer', () => {
	it('gives the distance in metres and the direction to the customer', () => {
		// 0.001° of latitude is about 111 m due north.
		const north = pointer({ lon: 107.59, lat: 16.46 }, { lon: 107.59, lat: 16.461 });
		expect(north).toMatchObject({ arrow: '↑', compass: 'N', bearingDeg: 0 });
		expect(north.distanceM).toBeGreaterThan(110);
		expect(north.distanceM).toBeLessThan(112);
		const southWest = pointer({ lon: 107.59, lat: 16.46 }, { lon: 107.589, lat: 16.459 });
		expect(southWest.compass).toBe('SW');
		expect(southWest.bearingDeg).toBeGreaterThan(200);
		expect(southWest.bearingDeg).toBeLessThan(250);
	});
});

describe('withReading', () => {
	it("replaces one customer's reading and leaves the rest of the sheet as it was", () => {
		const sheet: ReaderSheet = {
			period: { id: 13, month: '2026-12-01' },
			rules: { tolerancePct: 50, toleranceM3: 10, maxDistanceM: 50, photoRequired: true },
			scoped: true,
			choices: [],
			routes: [
				{ id: 1, code: 'T01', name: 'Tuyến 1', customers: [customer(1), customer(2)] },
				{ id: 2, code: 'T02', name: 'Tuyến 2', customers: [customer(3)] }
			],
			at: '2026-12-03T01:00:00.000Z'
		};
		const next = withReading(sheet, 2, stored(99));
		expect(next.routes[0].customers[1].reading?.id).toBe(99);
		expect(next.routes[0].customers[0]).toBe(sheet.routes[0].customers[0]);
		expect(next.routes[1]).toBe(sheet.routes[1]);
		expect(sheet.routes[0].customers[1].reading).toBeNull();
	});
});
