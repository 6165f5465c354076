import { describe, expect, it } from 'vitest';
import { defaultRules } from './anomalies.ts';
import { evaluateReading, type ReadingContext } from './evaluate.ts';
import {
	average3,
	changedFields,
	resultIndex,
	startingFrom,
	type ReviewedValues
} from './review.ts';

const ctx: ReadingContext = {
	dialDigits: 5,
	startIndex: 1000,
	history: [10, 12, 11],
	pendingEstimateM3: 0,
	replacement: null,
	customerStatus: 'active',
	lon: 106.7,
	lat: 10.8
};

describe('changedFields', () => {
	const before: ReviewedValues = {
		previous_index: 1000,
		current_index: 900,
		consumption_m3: 0,
		kind: 'actual',
		review_status: 'flagged'
	};
	it('lists only the fields that differ, volumes compared at 3 decimals', () => {
		const after = {
			...before,
			previous_index: 890.0001,
			consumption_m3: 10,
			review_status: 'corrected'
		};
		expect(changedFields(before, after)).toEqual([
			{ field: 'previous_index', oldValue: 1000, newValue: 890.0001 },
			{ field: 'consumption_m3', oldValue: 0, newValue: 10 },
			{ field: 'review_status', oldValue: 'flagged', newValue: 'corrected' }
		]);
		expect(changedFields(before, { ...before, current_index: 900.0004 })).toEqual([]);
	});
	it('counts null against a number as a change', () => {
		expect(changedFields({ ...before, current_index: null }, before)).toEqual([
			{ field: 'current_index', oldValue: null, newValue: 900 }
		]);
	});
});

describe('startingFrom', () => {
	it('turns a rollback into a normal reading when the previous index was wrong', () => {
		const wrong = evaluateReading(ctx, { index: '900', photo: 'present' }, defaultRules);
		expect(wrong.ok && wrong.reading.flags).toContain('rollback');
		const right = evaluateReading(
			startingFrom(ctx, 890),
			{ index: '900', photo: 'present' },
			defaultRules
		);
		expect(right.ok && right.reading).toMatchObject({
			previousIndex: 890,
			consumptionM3: 10,
			reviewStatus: 'ok',
			flags: []
		});
	});
	it('moves the new meter’s start too when the meter was replaced in the period', () => {
		const replaced = {
			...ctx,
			startIndex: 0,
			replacement: {
				oldPreviousIndex: 500,
				oldFinalIndex: 505,
				oldDialDigits: 5,
				newInitialIndex: 0
			}
		};
		const r = evaluateReading(
			startingFrom(replaced, 2),
			{ index: 10, photo: 'present' },
			defaultRules
		);
		expect(r.ok && r.reading.consumptionM3).toBe(5 + 8);
	});
});

describe('resultIndex', () => {
	it('reads a number or text with a decimal comma, and nothing else', () => {
		expect(resultIndex({ index: 1234.5 })).toBe(1234.5);
		expect(resultIndex({ index: '1234,5' })).toBe(1234.5);
		expect(resultIndex({ finding: 'ok' })).toBeNull();
		expect(resultIndex({ index: 'abc' })).toBeNull();
		expect(resultIndex({ index: -1 })).toBeNull();
		expect(resultIndex(null)).toBeNull();
	});
});

describe('average3', () => {
	it('averages the newest three', () => {
		expect(average3([10, 20, 30, 1000])).toBe(20);
		expect(average3([5])).toBe(5);
		expect(average3([])).toBeNull();
	});
});
