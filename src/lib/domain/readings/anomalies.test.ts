import { describe, expect, it } from 'vitest';
import { anomalies, defaultRules, needsReview, type AnomalyInput } from './anomalies.ts';

const base: AnomalyInput = {
	kind: 'actual',
	consumptionM3: 20,
	rollover: false,
	rollback: false,
	history: [20, 18, 22],
	distanceM: 10,
	photo: 'present',
	customerStatus: 'active',
	noteCode: null
};
const flags = (over: Partial<AnomalyInput>, rules = defaultRules) =>
	anomalies({ ...base, ...over }, rules);

describe('anomaly rules', () => {
	it('flags nothing on a normal reading', () => {
		expect(flags({})).toEqual([]);
	});

	it('tells a rollback from a rollover; only the rollback needs review', () => {
		expect(flags({ rollback: true, consumptionM3: 0 })).toEqual(['rollback']);
		expect(flags({ rollover: true })).toEqual(['rollover']);
		expect(needsReview(['rollover'])).toBe(false);
		expect(needsReview(['rollover', 'spike'])).toBe(true);
	});

	it('flags zero consumption of an active customer, not of a suspended one', () => {
		expect(flags({ consumptionM3: 0 })).toEqual(['zero']);
		expect(flags({ consumptionM3: 0, customerStatus: 'suspended' })).toEqual([]);
		expect(flags({ consumptionM3: 3, customerStatus: 'cut_off' })).toEqual(['suspended_use']);
	});

	it('flags a spike or a drop only beyond both the percentage and the m³ tolerance', () => {
		// Mean 20: +50% is 30 and +10 m³ is 30, so 31 is a spike and 30 is not.
		expect(flags({ consumptionM3: 31 })).toEqual(['spike']);
		expect(flags({ consumptionM3: 30 })).toEqual([]);
		expect(flags({ consumptionM3: 9 })).toEqual(['drop']);
		// Small customer: 2 → 6 m³ is +200% but only 4 m³: not a spike.
		expect(flags({ history: [2, 2, 2], consumptionM3: 6 })).toEqual([]);
		// Configurable: 20% and 2 m³.
		expect(
			flags({ consumptionM3: 25 }, { ...defaultRules, tolerancePct: 20, toleranceM3: 2 })
		).toEqual(['spike']);
		// Without history there is nothing to compare with.
		expect(flags({ history: [], consumptionM3: 500 })).toEqual([]);
	});

	it('flags a fix too far from the meter, by the configured metres', () => {
		expect(flags({ distanceM: 51 })).toEqual(['far']);
		expect(flags({ distanceM: 51 }, { ...defaultRules, maxDistanceM: 100 })).toEqual([]);
		expect(flags({ distanceM: null })).toEqual([]);
	});

	it('flags a missing photo when photos are required', () => {
		expect(flags({ photo: 'missing' })).toEqual(['no_photo']);
		expect(flags({ photo: 'missing' }, { ...defaultRules, photoRequired: false })).toEqual([]);
		expect(flags({ photo: 'not_required' })).toEqual([]);
	});

	it('sends field notes about the meter to review, and estimates only for what they say', () => {
		expect(flags({ noteCode: 'leak_seen' })).toEqual(['field_note']);
		expect(flags({ kind: 'estimated', noteCode: 'meter_broken', consumptionM3: 50 })).toEqual([
			'field_note'
		]);
		expect(flags({ kind: 'estimated', noteCode: 'gate_locked', consumptionM3: 50 })).toEqual([]);
		expect(flags({ kind: 'no_access', noteCode: 'dog', consumptionM3: null })).toEqual([
			'no_history'
		]);
	});
});
