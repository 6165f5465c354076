import { describe, expect, it } from 'vitest';
import { isOverdue, sortOrders, type FieldOrder } from './orders-logic.ts';

let nextId = 1;
const order = (over: Partial<FieldOrder>): FieldOrder => ({
	id: nextId++,
	number: `PCT-2026-${String(nextId).padStart(6, '0')}`,
	type: 'leak_repair',
	status: 'assigned',
	priority: 'normal',
	lon: 107.6,
	lat: 16.46,
	address: null,
	customerId: null,
	customerCode: null,
	customerName: null,
	assignedTo: 7,
	assigneeName: null,
	dueAt: null,
	createdAt: '2026-11-27T01:00:00Z',
	version: 1,
	...over
});

describe('sortOrders', () => {
	it('puts urgent first, then the earliest due, orders without a due time last', () => {
		const a = order({ priority: 'normal', dueAt: '2026-11-27T09:00:00Z' });
		const b = order({ priority: 'urgent', dueAt: '2026-11-28T09:00:00Z' });
		const c = order({ priority: 'normal', dueAt: null });
		const d = order({ priority: 'normal', dueAt: '2026-11-27T05:00:00Z' });
		const e = order({ priority: 'low', dueAt: '2026-11-27T01:00:00Z' });
		expect(sortOrders([a, b, c, d, e]).map((o) => o.id)).toEqual([b.id, d.id, a.id, c.id, e.id]);
	});

	it('sends closed orders to the end, newest first', () => {
		const done = order({ status: 'done', priority: 'urgent', createdAt: '2026-11-27T01:00:00Z' });
		const failed = order({ status: 'failed', createdAt: '2026-11-27T03:00:00Z' });
		const open = order({ priority: 'low' });
		expect(sortOrders([done, failed, open]).map((o) => o.id)).toEqual([
			open.id,
			failed.id,
			done.id
		]);
	});
});

describe('isOverdue', () => {
	const now = new Date('2026-11-27T10:00:00Z');
	it('marks an open order past its due time', () => {
		expect(isOverdue({ status: 'en_route', dueAt: '2026-11-27T09:59:00Z' }, now)).toBe(true);
		expect(isOverdue({ status: 'en_route', dueAt: '2026-11-27T10:01:00Z' }, now)).toBe(false);
		expect(isOverdue({ status: 'en_route', dueAt: null }, now)).toBe(false);
	});
	it('never marks a finished order', () => {
		expect(isOverdue({ status: 'done', dueAt: '2026-11-26T00:00:00Z' }, now)).toBe(false);
	});
});
