import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import type { DispatchOrder, LiveStaff } from './api.ts';
import {
	applyPositions,
	isOpen,
	orderFill,
	orderRadius,
	ordersInside,
	nearestAt,
	updateMapOrders,
	updateQueue
} from './model.ts';

const order = (id: number, over: Partial<DispatchOrder> = {}): DispatchOrder => ({
	id,
	number: `PCT-2026-${String(id).padStart(6, '0')}`,
	type: 'leak_repair',
	status: 'new',
	priority: 'normal',
	lon: 107.6,
	lat: 16.46,
	address: null,
	customerId: null,
	customerCode: null,
	customerName: null,
	assignedTo: null,
	assigneeName: null,
	dueAt: null,
	createdAt: `2026-11-27T08:00:0${id}Z`,
	version: 1,
	...over
});

const person = (
	staffId: number,
	lon: number,
	lat: number,
	at = '2026-11-27T08:00:00Z'
): LiveStaff => ({
	staffId,
	name: `Staff ${staffId}`,
	lon,
	lat,
	at
});

// A 0.01° square around (107.6, 16.46).
const square: Polygon = {
	type: 'Polygon',
	coordinates: [
		[
			[107.595, 16.455],
			[107.605, 16.455],
			[107.605, 16.465],
			[107.595, 16.465],
			[107.595, 16.455]
		]
	]
};

describe('dispatch model', () => {
	it('a lasso picks the assignable orders inside it, not those outside or under way', () => {
		const picked = ordersInside(
			[
				order(1),
				order(2, { lon: 107.7 }),
				order(3, { status: 'assigned', assignedTo: 5 }),
				order(4, { status: 'in_progress', assignedTo: 5 })
			],
			square
		);
		expect(picked.map((o) => o.id)).toEqual([1, 3]);
	});

	it('a drop lands on the nearest marker within reach, or on nobody', () => {
		const staff = [person(1, 0, 0), person(2, 10, 0)];
		// Identity projection: lon/lat are the pixels.
		const project = ([x, y]: [number, number]) => ({ x, y });
		expect(nearestAt(staff, { x: 8, y: 1 }, project, 5)?.staffId).toBe(2);
		expect(nearestAt(staff, { x: 5, y: 0 }, project, 4)).toBeNull();
	});

	it('positions move known staff, skip stale ones and report strangers', () => {
		const before = new Map([[1, person(1, 107.6, 16.46, '2026-11-27T08:00:05Z')]]);
		const moved = applyPositions(before, [
			{ staffId: 1, lon: 107.61, lat: 16.47, at: '2026-11-27T08:00:10Z' }
		]);
		expect(moved.staff.get(1)).toMatchObject({ lon: 107.61, lat: 16.47 });
		expect(moved.unknown).toBe(false);
		// Older than what is shown: ignored, and the same map comes back.
		const stale = applyPositions(before, [
			{ staffId: 1, lon: 1, lat: 1, at: '2026-11-27T08:00:00Z' }
		]);
		expect(stale.staff).toBe(before);
		expect(applyPositions(before, [{ staffId: 9, lon: 1, lat: 1, at: 'x' }]).unknown).toBe(true);
	});

	it('the queue keeps unassigned orders in creation order and drops assigned ones', () => {
		const queue = [order(1), order(3)];
		expect(updateQueue(queue, order(2)).map((o) => o.id)).toEqual([1, 2, 3]);
		expect(
			updateQueue(queue, order(1, { status: 'assigned', assignedTo: 4 })).map((o) => o.id)
		).toEqual([3]);
	});

	it('the map keeps open orders and drops closed or deleted ones', () => {
		const shown = new Map([[1, order(1)]]);
		expect(
			updateMapOrders(shown, 1, order(1, { status: 'done', assignedTo: 2 })).get(1)?.status
		).toBe('done');
		expect(updateMapOrders(shown, 1, order(1, { status: 'verified' })).has(1)).toBe(false);
		expect(updateMapOrders(shown, 1, null).size).toBe(0);
		expect(isOpen({ status: 'cancelled' })).toBe(false);
	});

	it('urgent new orders are drawn red and larger than normal ones', () => {
		expect(orderFill({ status: 'new' })[0]).toBeGreaterThan(200);
		expect(orderRadius({ priority: 'urgent' })).toBeGreaterThan(
			orderRadius({ priority: 'normal' })
		);
	});
});
