/**
 * Anomaly checks run on every reading, when it is entered (grid, field app) and when it is
 * received (workbook import). Flags are codes stored on the reading (reading.flags); all but
 * 'rollover' send the reading to the review list. Volumes m³, distances metres.
 */
export const anomalyFlags = [
	'rollback',
	'rollover',
	'zero',
	'spike',
	'drop',
	'far',
	'no_photo',
	'suspended_use',
	'field_note',
	'no_history'
] as const;
export type AnomalyFlag = (typeof anomalyFlags)[number];

/** Flags that only inform: a rollover's consumption is right, it is shown, not reviewed. */
const informational: readonly AnomalyFlag[] = ['rollover'];

export const noteCodes = [
	'no_access',
	'gate_locked',
	'dog',
	'meter_broken',
	'meter_buried',
	'meter_missing',
	'leak_seen',
	'tampering',
	'other'
] as const;
export type NoteCode = (typeof noteCodes)[number];

/** Notes that leave the meter unread: the period is estimated. */
export const unreadableNotes: readonly NoteCode[] = [
	'no_access',
	'gate_locked',
	'dog',
	'meter_broken',
	'meter_buried',
	'meter_missing'
];
/** Notes a clerk must see even when the numbers look normal. */
const notesForReview: readonly NoteCode[] = [
	'meter_broken',
	'meter_missing',
	'leak_seen',
	'tampering'
];

export interface ReadingRules {
	/** Spike/drop tolerance against the mean of the last 3 actual periods, percent. */
	tolerancePct: number;
	/** …and the absolute difference that must also be exceeded, m³. */
	toleranceM3: number;
	/** Farthest a GPS fix may be from the connection, metres. */
	maxDistanceM: number;
	photoRequired: boolean;
}

export const defaultRules: ReadingRules = {
	tolerancePct: 50,
	toleranceM3: 10,
	maxDistanceM: 50,
	photoRequired: true
};

export interface AnomalyInput {
	kind: 'actual' | 'estimated' | 'no_access';
	consumptionM3: number | null;
	rollover: boolean;
	rollback: boolean;
	/** Consumption of the last 3 actual periods, newest first, m³. */
	history: readonly number[];
	/** Distance of the GPS fix from the connection, metres; null without a fix. */
	distanceM: number | null;
	/** 'not_required' for entries that cannot carry a photo (office grid, workbook). */
	photo: 'present' | 'missing' | 'not_required';
	customerStatus: 'active' | 'suspended' | 'cut_off';
	noteCode: NoteCode | null;
}

export function mean(values: readonly number[]): number | null {
	return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export function anomalies(input: AnomalyInput, rules: ReadingRules): AnomalyFlag[] {
	const flags: AnomalyFlag[] = [];
	if (input.noteCode && notesForReview.includes(input.noteCode)) flags.push('field_note');
	if (input.kind === 'no_access') return [...flags, 'no_history'];
	if (input.distanceM !== null && input.distanceM > rules.maxDistanceM) flags.push('far');
	if (input.kind === 'actual') {
		if (input.photo === 'missing' && rules.photoRequired) flags.push('no_photo');
		if (input.rollback) flags.push('rollback');
		if (input.rollover) flags.push('rollover');
	}
	const used = input.consumptionM3 ?? 0;
	if (input.kind !== 'actual' || input.rollback) return flags;
	// A suspended or cut-off connection should use nothing; its history says nothing now.
	if (input.customerStatus !== 'active') return used > 0 ? [...flags, 'suspended_use'] : flags;
	if (used === 0) return [...flags, 'zero'];
	const avg = mean(input.history.slice(0, 3));
	if (avg === null) return flags;
	const diff = used - avg;
	const beyond =
		Math.abs(diff) > rules.toleranceM3 && Math.abs(diff) > (avg * rules.tolerancePct) / 100;
	if (beyond) flags.push(diff > 0 ? 'spike' : 'drop');
	return flags;
}

export function needsReview(flags: readonly string[]): boolean {
	return flags.some((f) => !informational.includes(f as AnomalyFlag));
}
