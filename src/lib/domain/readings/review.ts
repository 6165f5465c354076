/**
 * The review of flagged readings: what a clerk's correction changes, the context a correction
 * is evaluated in, and the index a done re-read order brings back. Pure: the service feeds it
 * rows and writes what it returns. Volumes and indexes m³ (3 decimals).
 */
import type { ReadingContext } from './evaluate.ts';
import { m3 } from './meter-index.ts';

/** review_status values a reading has once it left the plain 'ok' path. */
export const reviewStatuses = ['flagged', 'accepted', 'corrected', 're_read'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];
/** The "already reviewed" tab. */
export const reviewedStatuses: readonly ReviewStatus[] = ['accepted', 'corrected', 're_read'];

/** The reading's fields a correction may change, as stored (reading_correction.field). */
export interface ReviewedValues {
	previous_index: number;
	current_index: number | null;
	consumption_m3: number | null;
	kind: string;
	review_status: string;
}

export interface FieldChange {
	field: keyof ReviewedValues;
	oldValue: string | number | null;
	newValue: string | number | null;
}

const fields: readonly (keyof ReviewedValues)[] = [
	'previous_index',
	'current_index',
	'consumption_m3',
	'kind',
	'review_status'
];

const same = (a: string | number | null, b: string | number | null) =>
	typeof a === 'number' && typeof b === 'number' ? m3(a) === m3(b) : a === b;

/** One change per field that differs (volumes compared at 3 decimals), in a stable order. */
export function changedFields(before: ReviewedValues, after: ReviewedValues): FieldChange[] {
	return fields
		.filter((f) => !same(before[f], after[f]))
		.map((f) => ({ field: f, oldValue: before[f], newValue: after[f] }));
}

/**
 * The context a correction is evaluated in: the sheet's, but starting from `startIndex`
 * (the reading's stored previous index, or the clerk's corrected one). With a meter replaced
 * in the period the start index is the new meter's initial index, which a correction of the
 * previous index replaces as well.
 */
export function startingFrom(ctx: ReadingContext, startIndex: number): ReadingContext {
	return {
		...ctx,
		startIndex: m3(startIndex),
		replacement: ctx.replacement && { ...ctx.replacement, newInitialIndex: m3(startIndex) }
	};
}

/**
 * The index a done re-read or inspection order brought back (its result's `index`), or null.
 * Results are stored as JSON; the index may be a number or text with a decimal comma.
 */
export function resultIndex(result: unknown): number | null {
	if (!result || typeof result !== 'object') return null;
	const raw = (result as { index?: unknown }).index;
	const n =
		typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.replace(',', '.')) : NaN;
	return Number.isFinite(n) && n >= 0 ? m3(n) : null;
}

/** Mean of the last 3 actual consumptions (newest first), m³, or null without history. */
export function average3(history: readonly number[]): number | null {
	const recent = history.slice(0, 3);
	return recent.length ? m3(recent.reduce((a, b) => a + b, 0) / recent.length) : null;
}
