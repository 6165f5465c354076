/**
 * One reading from what the reader entered and what the register knows: the index or the
 * reason there is none, the consumption with its special cases (consumption.ts), the distance
 * of the GPS fix from the connection, and the anomaly flags (anomalies.ts). Every entry point
 * (grid, field app, workbook) goes through here, so they agree to the m³.
 */
import { distance, point } from '@turf/turf';
import {
	anomalies,
	needsReview,
	unreadableNotes,
	type AnomalyFlag,
	type NoteCode,
	type ReadingRules
} from './anomalies.ts';
import { bookedIndex, consumption, estimateM3, type Replacement } from './consumption.ts';
import { m3, parseIndex } from './meter-index.ts';

export interface ReadingContext {
	dialDigits: number;
	/** The index the reading starts from (booked, estimates included), m³. */
	startIndex: number;
	/** Last 3 actual consumptions, newest first, m³. */
	history: readonly number[];
	pendingEstimateM3: number;
	replacement: Replacement | null;
	customerStatus: 'active' | 'suspended' | 'cut_off';
	/** The connection's location, degrees (EPSG:4326). */
	lon: number;
	lat: number;
}

export interface ReadingEntry {
	/** As typed: a number or text ('1234,5'); absent when the meter could not be read. */
	index?: unknown;
	noteCode?: NoteCode | null;
	position?: { lon: number; lat: number } | null;
	photo: 'present' | 'missing' | 'not_required';
}

export interface EvaluatedReading {
	kind: 'actual' | 'estimated' | 'no_access';
	previousIndex: number;
	currentIndex: number | null;
	consumptionM3: number | null;
	rollover: boolean;
	oldMeterM3: number | null;
	settledEstimateM3: number | null;
	creditM3: number;
	distanceM: number | null;
	flags: AnomalyFlag[];
	reviewStatus: 'ok' | 'flagged';
}

export type Evaluation =
	{ ok: true; reading: EvaluatedReading } | { ok: false; error: { field: string; reason: string } };

/** Metres between the fix and the connection, to 0.1 m. */
export function distanceM(
	from: { lon: number; lat: number },
	to: { lon: number; lat: number }
): number {
	const km = distance(point([from.lon, from.lat]), point([to.lon, to.lat]), {
		units: 'kilometers'
	});
	return Math.round(km * 10_000) / 10;
}

export function evaluateReading(
	ctx: ReadingContext,
	entry: ReadingEntry,
	rules: ReadingRules
): Evaluation {
	const note = entry.noteCode ?? null;
	const blank = entry.index === undefined || entry.index === null || entry.index === '';
	const distance = entry.position ? distanceM(entry.position, ctx) : null;
	const finish = (
		r: Omit<EvaluatedReading, 'flags' | 'reviewStatus' | 'distanceM'>,
		photo = entry.photo,
		rollback = false
	): Evaluation => {
		const flags = anomalies(
			{
				kind: r.kind,
				consumptionM3: r.consumptionM3,
				rollover: r.rollover,
				rollback,
				history: ctx.history,
				distanceM: distance,
				photo,
				customerStatus: ctx.customerStatus,
				noteCode: note
			},
			rules
		);
		return {
			ok: true,
			reading: {
				...r,
				distanceM: distance,
				flags,
				reviewStatus: needsReview(flags) ? 'flagged' : 'ok'
			}
		};
	};
	if (blank) {
		if (!note || !unreadableNotes.includes(note))
			return {
				ok: false,
				error: { field: 'index', reason: 'bắt buộc nhập chỉ số, hoặc chọn lý do không đọc được' }
			};
		// Not read: estimate from the last 3 actual periods, booked on the index.
		const estimate = estimateM3(ctx.history);
		const none = { rollover: false, oldMeterM3: null, settledEstimateM3: null, creditM3: 0 };
		if (estimate === null)
			return finish(
				{
					...none,
					kind: 'no_access',
					previousIndex: ctx.startIndex,
					currentIndex: null,
					consumptionM3: null
				},
				'not_required'
			);
		return finish(
			{
				...none,
				kind: 'estimated',
				previousIndex: ctx.startIndex,
				currentIndex: bookedIndex(ctx.startIndex, estimate, ctx.dialDigits),
				consumptionM3: estimate
			},
			'not_required'
		);
	}

	const parsed = parseIndex('index', entry.index, ctx.dialDigits);
	if (!parsed.ok) return parsed;
	const c = consumption({
		dialDigits: ctx.dialDigits,
		previousIndex: ctx.startIndex,
		currentIndex: parsed.value,
		pendingEstimateM3: ctx.pendingEstimateM3,
		replacement: ctx.replacement
	});
	return finish(
		{
			kind: 'actual',
			previousIndex: ctx.startIndex,
			currentIndex: m3(parsed.value),
			consumptionM3: c.consumptionM3,
			rollover: c.rollover,
			oldMeterM3: c.oldMeterM3,
			settledEstimateM3: c.settledEstimateM3,
			creditM3: c.creditM3
		},
		entry.photo,
		c.rollback
	);
}
