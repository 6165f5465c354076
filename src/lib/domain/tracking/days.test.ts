import { describe, expect, it } from 'vitest';
import {
	daysToCreate,
	firstKeptDay,
	partitionDay,
	partitionName,
	vietnamDayRange
} from './days.ts';

describe('position partitions by UTC day', () => {
	const now = new Date('2026-11-27T23:30:00Z');

	it('creates today and the next seven days, across a month end', () => {
		expect(daysToCreate(now, 7)).toEqual([
			'2026-11-27',
			'2026-11-28',
			'2026-11-29',
			'2026-11-30',
			'2026-12-01',
			'2026-12-02',
			'2026-12-03',
			'2026-12-04'
		]);
	});

	it('keeps the last 90 days including today', () => {
		expect(firstKeptDay(now, 90)).toBe('2026-08-30');
		expect(firstKeptDay(now, 1)).toBe('2026-11-27');
	});

	it('names a partition and reads the name back', () => {
		expect(partitionName('2026-03-05')).toBe('staff_position_p20260305');
		expect(partitionDay('staff_position_p20260305')).toBe('2026-03-05');
		expect(partitionDay('staff_position_default')).toBeNull();
	});

	it('turns a Vietnam calendar day into its UTC instants (UTC+7)', () => {
		const { from, to } = vietnamDayRange('2026-11-27');
		expect(from.toISOString()).toBe('2026-11-26T17:00:00.000Z');
		expect(to.toISOString()).toBe('2026-11-27T17:00:00.000Z');
	});
});
