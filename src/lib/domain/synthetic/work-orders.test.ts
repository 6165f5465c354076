import { describe, expect, it } from 'vitest';
import { addDays, TODAY } from './calendar.ts';
import { generateAll, generateChunk } from './chunk.ts';
import { WORK_ORDER_WINDOW_DAYS } from './work-orders.ts';
import { createWorld, expectedCounts } from './world.ts';

describe('synthetic work orders', () => {
	const world = createWorld({ customers: 20_000, seed: 5 });
	const all = generateAll(world);
	const orders = all.workOrders;

	it('gives about 2% of customers one work order, with dense ids and unique numbers', () => {
		expect(orders).toHaveLength(expectedCounts(world).work_order);
		expect(orders.length / 20_000).toBeGreaterThan(0.015);
		expect(orders.length / 20_000).toBeLessThan(0.025);
		expect(orders.map((o) => o.id)).toEqual(orders.map((_, k) => k + 1));
		expect(new Set(orders.map((o) => o.number)).size).toBe(orders.length);
		expect(new Set(orders.map((o) => o.customerId)).size).toBe(orders.length);
		for (const o of orders) expect(o.number).toMatch(/^PCT-\d{4}-\d{6,}$/);
	});

	it('leaves about 70% open as new, cancels the rest, all raised in the last 60 days', () => {
		const open = orders.filter((o) => o.status === 'new').length / orders.length;
		expect(open).toBeGreaterThan(0.6);
		expect(open).toBeLessThan(0.8);
		expect(orders.every((o) => o.status === 'new' || o.status === 'cancelled')).toBe(true);
		const earliest = addDays(TODAY, -WORK_ORDER_WINDOW_DAYS);
		for (const o of orders) {
			expect(o.createdAt.slice(0, 10) > earliest).toBe(true);
			expect(o.createdAt.slice(0, 10) <= TODAY).toBe(true);
			expect(o.dueAt > o.createdAt).toBe(true);
		}
	});

	it('mixes types, sends overdue meters to verification, and sits on the customer', () => {
		const types = new Set(orders.map((o) => o.type));
		for (const t of ['meter_verification', 'leak_repair', 'complaint_investigation', 're_read'])
			expect(types).toContain(t);
		const meterOf = new Map(
			all.meters.filter((m) => m.status === 'in_service').map((m) => [m.customerId, m])
		);
		for (const o of orders) {
			const customer = all.customers[o.customerId - 1];
			expect(o.geom).toEqual(customer.geom);
			if (o.type === 'meter_verification')
				expect(meterOf.get(o.customerId)!.verificationDueOn < TODAY).toBe(true);
			if (o.meterId !== null) expect(o.meterId).toBe(meterOf.get(o.customerId)!.id);
		}
	});

	it('does not depend on the chunk size, nor change the rows generated before it', () => {
		const pieces = [generateChunk(world, 0, 3_333), generateChunk(world, 3_333, 20_000)];
		expect(pieces.flatMap((p) => p.workOrders)).toEqual(orders);
		const again = generateAll(createWorld({ customers: 20_000, seed: 5 }));
		expect(again.workOrders).toEqual(orders);
	});
});
