import { describe, expect, it } from 'vitest';
import { defaultRules } from './anomalies.ts';
import { distanceM, evaluateReading, type ReadingContext } from './evaluate.ts';

const ctx: ReadingContext = {
	dialDigits: 5,
	startIndex: 1000,
	history: [12, 10, 14],
	pendingEstimateM3: 0,
	replacement: null,
	customerStatus: 'active',
	lon: 107.58,
	lat: 16.46
};
const at = (metresNorth: number) => ({ lon: 107.58, lat: 16.46 + metresNorth / 111_195 });

describe('evaluating a reading', () => {
	it('computes consumption, distance and no flags for a normal reading', () => {
		const e = evaluateReading(
			ctx,
			{ index: '1012', position: at(10), photo: 'present' },
			defaultRules
		);
		expect(e).toMatchObject({
			ok: true,
			reading: {
				kind: 'actual',
				previousIndex: 1000,
				currentIndex: 1012,
				consumptionM3: 12,
				flags: [],
				reviewStatus: 'ok'
			}
		});
		expect(e.ok && e.reading.distanceM).toBeCloseTo(10, 0);
	});

	it('estimates when there is no access, then settles the estimate at the next actual reading', () => {
		const estimated = evaluateReading(
			ctx,
			{ noteCode: 'gate_locked', photo: 'missing' },
			defaultRules
		);
		expect(estimated).toMatchObject({
			ok: true,
			reading: {
				kind: 'estimated',
				currentIndex: 1012,
				consumptionM3: 12,
				flags: [],
				reviewStatus: 'ok'
			}
		});
		// Next period: starts from the booked 1,012 with 12 m³ pending; the meter shows 1,030.
		const next = { ...ctx, startIndex: 1012, pendingEstimateM3: 12 };
		expect(evaluateReading(next, { index: 1030, photo: 'present' }, defaultRules)).toMatchObject({
			ok: true,
			reading: {
				kind: 'actual',
				previousIndex: 1012,
				consumptionM3: 18,
				settledEstimateM3: 12,
				creditM3: 0
			}
		});
		// Or the meter shows 1,005: only 5 m³ were used, 7 are credited back, nothing is flagged as rollback.
		const over = evaluateReading(next, { index: 1005, photo: 'present' }, defaultRules);
		expect(over).toMatchObject({ ok: true, reading: { consumptionM3: 0, creditM3: 7 } });
		expect(over.ok && over.reading.flags).not.toContain('rollback');
	});

	it('marks a reading without history and without access as no_access, for review', () => {
		expect(
			evaluateReading(
				{ ...ctx, history: [] },
				{ noteCode: 'no_access', photo: 'missing' },
				defaultRules
			)
		).toMatchObject({
			ok: true,
			reading: {
				kind: 'no_access',
				currentIndex: null,
				consumptionM3: null,
				reviewStatus: 'flagged'
			}
		});
	});

	it('counts both meters of a replacement inside the period', () => {
		const replaced = {
			...ctx,
			startIndex: 0,
			replacement: {
				oldPreviousIndex: 1000,
				oldFinalIndex: 1006,
				oldDialDigits: 5,
				newInitialIndex: 0
			}
		};
		expect(evaluateReading(replaced, { index: '5', photo: 'present' }, defaultRules)).toMatchObject(
			{
				ok: true,
				reading: { consumptionM3: 11, oldMeterM3: 6, previousIndex: 0, currentIndex: 5 }
			}
		);
	});

	it('flags a rollback, a far fix and a missing photo together', () => {
		const e = evaluateReading(
			ctx,
			{ index: 990, position: at(200), photo: 'missing' },
			defaultRules
		);
		expect(e).toMatchObject({ ok: true, reading: { consumptionM3: 0, reviewStatus: 'flagged' } });
		expect(e.ok && [...e.reading.flags].sort()).toEqual(['far', 'no_photo', 'rollback']);
	});

	it('refuses a blank index without a reason, and an index too long for the dial', () => {
		expect(evaluateReading(ctx, { index: '', photo: 'present' }, defaultRules)).toMatchObject({
			ok: false,
			error: { field: 'index' }
		});
		expect(evaluateReading(ctx, { index: '123456', photo: 'present' }, defaultRules)).toMatchObject(
			{
				ok: false,
				error: { field: 'index', reason: expect.stringContaining('5 chữ số') }
			}
		);
		expect(
			evaluateReading(ctx, { index: '12a', noteCode: 'other', photo: 'present' }, defaultRules)
		).toMatchObject({ ok: false });
	});

	it('measures metres on the ground', () => {
		expect(distanceM({ lon: 107.58, lat: 16.46 }, at(100))).toBeCloseTo(100, 0);
	});
});
