/**
 * Consumption from two meter indexes, m³ (3 decimals). Special cases:
 *
 * - Rollover: a dial of d digits shows 0 … 10^d − 1 and then starts again at 0. Going
 *   backwards counts as a rollover only when the wrap-around is less than a tenth of the
 *   dial's range (the previous index in the dial's top tenth, the current one near zero):
 *   a real meter passes zero that way, while a misread or a meter turned back lands anywhere.
 *   Any other backwards step is a rollback: consumption is held at 0 and the reading goes to
 *   review.
 * - A meter replaced in the period: old final − old previous + new current − new initial.
 * - Settling estimates: an estimated period books its estimate on the index (previous +
 *   estimate). The next actual reading measures the water used since the last actual index
 *   and subtracts the estimates booked meanwhile; when the estimates were more than the water
 *   used, the consumption is 0 and the difference is credited back (creditM3).
 */
import { m3 } from './meter-index.ts';

export type DialStep =
	| { kind: 'forward'; m3: number }
	| { kind: 'rollover'; m3: number }
	| { kind: 'rollback'; m3: number };

export function dialStep(previous: number, current: number, dialDigits: number): DialStep {
	if (current >= previous) return { kind: 'forward', m3: m3(current - previous) };
	const range = 10 ** dialDigits;
	const wrapped = m3(current + range - previous);
	if (wrapped < range / 10) return { kind: 'rollover', m3: wrapped };
	return { kind: 'rollback', m3: m3(current - previous) };
}

export interface Replacement {
	/** The old meter's booked index at the last reading before the replacement. */
	oldPreviousIndex: number;
	oldFinalIndex: number;
	oldDialDigits: number;
	newInitialIndex: number;
}

export interface ConsumptionInput {
	dialDigits: number;
	/** The booked index the reading starts from (the last reading's, estimates included). */
	previousIndex: number;
	currentIndex: number;
	/** m³ estimated since the last actual reading (0 when the last reading was actual). */
	pendingEstimateM3: number;
	replacement?: Replacement | null;
}

export interface Consumption {
	consumptionM3: number;
	rollover: boolean;
	rollback: boolean;
	/** With a replacement: the water through the old meter since its last actual index. */
	oldMeterM3: number | null;
	/** Estimates this reading settles (null when there were none). */
	settledEstimateM3: number | null;
	/** Estimated m³ that turned out not to have been used, credited back. */
	creditM3: number;
}

/** The index before `pending` m³ of estimates were booked on it (on the same dial). */
function unbook(index: number, pending: number, dialDigits: number): number {
	const range = 10 ** dialDigits;
	return m3((((index - pending) % range) + range) % range);
}

export function consumption(input: ConsumptionInput): Consumption {
	const pending = Math.max(0, input.pendingEstimateM3);
	const r = input.replacement;
	const steps: DialStep[] = [];
	let oldMeterM3: number | null = null;
	if (r) {
		const old = dialStep(
			unbook(r.oldPreviousIndex, pending, r.oldDialDigits),
			r.oldFinalIndex,
			r.oldDialDigits
		);
		steps.push(old, dialStep(r.newInitialIndex, input.currentIndex, input.dialDigits));
		oldMeterM3 = old.kind === 'rollback' ? 0 : old.m3;
	} else {
		steps.push(
			dialStep(
				unbook(input.previousIndex, pending, input.dialDigits),
				input.currentIndex,
				input.dialDigits
			)
		);
	}
	const rollback = steps.some((s) => s.kind === 'rollback');
	const rollover = steps.some((s) => s.kind === 'rollover');
	const settledEstimateM3 = pending > 0 ? m3(pending) : null;
	if (rollback)
		return {
			consumptionM3: 0,
			rollover,
			rollback,
			oldMeterM3,
			settledEstimateM3: null,
			creditM3: 0
		};
	const net = m3(steps.reduce((sum, s) => sum + s.m3, 0) - pending);
	return {
		consumptionM3: Math.max(0, net),
		rollover,
		rollback: false,
		oldMeterM3,
		settledEstimateM3,
		creditM3: Math.max(0, m3(-net))
	};
}

/**
 * Estimated consumption when the meter cannot be read (no access, broken): the mean of the
 * last 3 actual periods, in whole m³ as utilities bill an estimate (khoán). Null without any
 * actual history: then there is nothing to estimate from and a clerk must decide.
 */
export function estimateM3(lastActual: readonly number[]): number | null {
	const recent = lastActual.slice(0, 3);
	if (recent.length === 0) return null;
	return Math.round(recent.reduce((a, b) => a + b, 0) / recent.length);
}

/** The index an estimate books: previous + estimate, wrapped on the dial. */
export function bookedIndex(previousIndex: number, estimate: number, dialDigits: number): number {
	return m3((previousIndex + estimate) % 10 ** dialDigits);
}
