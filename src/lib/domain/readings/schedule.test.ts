import { describe, expect, it } from 'vitest';
import {
	dayOf,
	defaultPlannedOn,
	inScheduleWindow,
	mostCommonDay,
	nextMonth,
	scheduleWindow,
	shiftOneMonth
} from './schedule.ts';

describe('reading schedule dates', () => {
	it('steps to the next month, across a year end', () => {
		expect(nextMonth('2026-11-01')).toBe('2026-12-01');
		expect(nextMonth('2026-12-01')).toBe('2027-01-01');
	});

	it('clamps a day to the month length, leap years included', () => {
		expect(dayOf('2027-02-01', 31)).toBe('2027-02-28');
		expect(dayOf('2028-02-01', 30)).toBe('2028-02-29');
		expect(dayOf('2026-12-01', 0)).toBe('2026-12-01');
		expect(shiftOneMonth('2026-10-31')).toBe('2026-11-30');
		expect(shiftOneMonth('2026-12-15')).toBe('2027-01-15');
	});

	it('picks the most read day, the earlier on a tie, none without readings', () => {
		expect(
			mostCommonDay([
				{ day: 20, n: 3 },
				{ day: 12, n: 7 },
				{ day: 5, n: 7 }
			])
		).toBe(5);
		expect(mostCommonDay([])).toBeNull();
	});

	it('defaults the planned day: previous plan shifted, else the usual day, else the 1st', () => {
		const readDays = [
			{ day: 31, n: 9 },
			{ day: 2, n: 1 }
		];
		expect(defaultPlannedOn('2026-12-01', { plannedOn: '2026-11-14', readDays })).toBe(
			'2026-12-14'
		);
		expect(defaultPlannedOn('2027-02-01', { plannedOn: null, readDays })).toBe('2027-02-28');
		expect(defaultPlannedOn('2026-12-01', { plannedOn: null, readDays: [] })).toBe('2026-12-01');
	});

	it('allows planned dates within the month ± 10 days, refuses others and non-dates', () => {
		expect(scheduleWindow('2026-12-01')).toEqual({ from: '2026-11-21', to: '2027-01-10' });
		expect(inScheduleWindow('2026-12-01', '2026-11-21')).toBe(true);
		expect(inScheduleWindow('2026-12-01', '2027-01-10')).toBe(true);
		expect(inScheduleWindow('2026-12-01', '2026-11-20')).toBe(false);
		expect(inScheduleWindow('2026-12-01', '2027-01-11')).toBe(false);
		expect(inScheduleWindow('2026-12-01', '2026-12-32')).toBe(false);
		expect(inScheduleWindow('2026-12-01', '15/12/2026')).toBe(false);
	});
});
