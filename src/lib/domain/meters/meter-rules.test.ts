import { describe, expect, it } from 'vitest';
import {
	addDays,
	dateError,
	indexError,
	lastKnownIndex,
	orderHistory,
	previousIndexForNextReading,
	verificationState,
	type HistoryEvent,
	type ReadingPoint
} from './meter-rules.ts';

describe('indexError', () => {
	it('bounds the index by the dial', () => {
		expect(indexError('initialIndex', 99999.999, 5)).toBeNull();
		expect(indexError('initialIndex', 100000, 5)?.message).toContain('5-digit');
		expect(indexError('initialIndex', -1, 5)?.field).toBe('initialIndex');
		expect(indexError('initialIndex', 1.2345, 5)?.message).toContain('3 decimals');
	});
});

describe('dateError', () => {
	it('refuses future dates and dates before installation', () => {
		expect(dateError('replacedOn', '2026-11-20', '2026-11-23')).toBeNull();
		expect(dateError('replacedOn', '2026-11-24', '2026-11-23')?.message).toContain('future');
		expect(
			dateError('replacedOn', '2020-01-01', '2026-11-23', {
				date: '2021-05-01',
				label: 'installation'
			})?.message
		).toContain('before installation');
		expect(dateError('replacedOn', '23/11/2026', '2026-11-23')?.message).toContain('not a date');
	});
});

describe('previous index for the next reading', () => {
	const readings: ReadingPoint[] = [
		{ meterId: 1, periodMonth: '2026-08-01', previousIndex: 100, currentIndex: 120 },
		{ meterId: 1, periodMonth: '2026-09-01', previousIndex: 120, currentIndex: 135 }
	];
	it('continues from the last reading of the same meter', () => {
		expect(previousIndexForNextReading({ id: 1, initialIndex: 0 }, readings)).toBe(135);
	});
	it('starts a replacement meter from its new initial index, not the old meter readings', () => {
		expect(previousIndexForNextReading({ id: 2, initialIndex: 3 }, readings)).toBe(3);
	});
	it('then continues from the new meter own readings', () => {
		const later = [
			...readings,
			{ meterId: 2, periodMonth: '2026-10-01', previousIndex: 3, currentIndex: 11 }
		];
		expect(previousIndexForNextReading({ id: 2, initialIndex: 3 }, later)).toBe(11);
	});
	it('a no-access reading keeps its previous index', () => {
		const noAccess = [
			...readings,
			{ meterId: 1, periodMonth: '2026-10-01', previousIndex: 135, currentIndex: null }
		];
		expect(lastKnownIndex(1, 0, noAccess)).toBe(135);
		expect(previousIndexForNextReading({ id: 5, initialIndex: null }, [])).toBe(0);
	});
});

describe('orderHistory', () => {
	it('puts the final/initial pair between the readings of the same day', () => {
		const events: HistoryEvent[] = [
			{
				kind: 'reading',
				on: '2026-10-05',
				meterId: 2,
				serial: 'B',
				previousIndex: 3,
				currentIndex: 9,
				consumptionM3: 6,
				readingKind: 'actual'
			},
			{
				kind: 'replace',
				on: '2026-09-20',
				oldMeterId: 1,
				oldSerial: 'A',
				newMeterId: 2,
				newSerial: 'B',
				oldFinalIndex: 140,
				newInitialIndex: 3,
				reason: 'hỏng'
			},
			{
				kind: 'reading',
				on: '2026-09-20',
				meterId: 1,
				serial: 'A',
				previousIndex: 120,
				currentIndex: 135,
				consumptionM3: 15,
				readingKind: 'actual'
			},
			{ kind: 'install', on: '2020-01-01', meterId: 1, serial: 'A', initialIndex: 0, by: null }
		];
		expect(orderHistory(events).map((e) => e.kind)).toEqual([
			'install',
			'reading',
			'replace',
			'reading'
		]);
	});
});

describe('verificationState', () => {
	it('flags overdue and due within the window', () => {
		expect(verificationState('2026-11-22', '2026-11-23', 30)).toBe('overdue');
		expect(verificationState('2026-12-10', '2026-11-23', 30)).toBe('due');
		expect(verificationState('2027-06-01', '2026-11-23', 30)).toBe('ok');
		expect(verificationState(null, '2026-11-23', 30)).toBe('none');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
	});
});
