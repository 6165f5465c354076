import { describe, expect, it } from 'vitest';
import { dueAt, isOverdue, slaHours } from './sla.ts';

describe('SLA', () => {
	it('shortens the time for higher priorities and keeps at least an hour', () => {
		expect(slaHours('leak_repair', 'normal')).toBe(24);
		expect(slaHours('leak_repair', 'urgent')).toBe(6);
		expect(slaHours('meter_verification', 'low')).toBe(480);
		expect(slaHours('re_read', 'urgent')).toBeLessThan(slaHours('re_read', 'high'));
	});
	it('puts the due time that many hours after creation', () => {
		const created = new Date('2026-11-27T01:00:00Z');
		expect(dueAt(created, 6).toISOString()).toBe('2026-11-27T07:00:00.000Z');
	});
	it('calls only unfinished orders past their due time overdue', () => {
		const now = new Date('2026-11-27T08:00:00Z');
		expect(isOverdue('2026-11-27T07:59:00Z', 'en_route', now)).toBe(true);
		expect(isOverdue('2026-11-27T08:01:00Z', 'en_route', now)).toBe(false);
		expect(isOverdue('2026-11-27T07:59:00Z', 'done', now)).toBe(false);
		expect(isOverdue(null, 'new', now)).toBe(false);
	});
});
