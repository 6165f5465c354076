/**
 * NRW leads (đầu mối thất thoát): which customers' reading histories point at apparent
 * losses (a stopped, under-reading or stuck meter, copied figures) and how many m³ a month
 * each may be hiding. Pure: the repository pre-selects candidates in SQL with looser
 * conditions, these rules decide exactly.
 *
 * A history is the customer's readings in the last periods up to the reference month, newest
 * first, one slot per period; null where the customer has no reading in that period.
 */
export type ReadingKind = 'actual' | 'estimated' | 'no_access';

export interface PeriodReading {
	/** The period's month, 'YYYY-MM-01'. */
	month: string;
	/** m³; null for a no-access visit. */
	m3: number | null;
	kind: ReadingKind;
}

export type History = readonly (PeriodReading | null)[];

export const leadKinds = [
	'zero_consumption',
	'sudden_drop',
	'verification_overdue',
	'flat_large'
] as const;
export type LeadKind = (typeof leadKinds)[number];

/** Periods read per customer: 6 shown as evidence, one more so a drop has 6 before it. */
export const HISTORY_PERIODS = 7;
/** Periods shown as a lead's evidence. */
export const EVIDENCE_PERIODS = 6;

/** A meter read at 0 m³ this many periods running has stopped (or the water is taken around it). */
export const ZERO_MIN_RUN = 2;

/**
 * Sudden drop: the latest actual reading below 40% of the mean of the actual readings before
 * it. Ordinary month-to-month swings of a household stay within ±40%; a fall to below 40% is
 * a meter stopping or under-reading, or a bypass.
 */
export const DROP_SHARE = 0.4;
/** At least 3 actual readings before the latest make a mean worth comparing against… */
export const DROP_MIN_PREVIOUS = 3;
/** …and at most 6 (half a year: older use says little about this month). */
export const DROP_MAX_PREVIOUS = 6;
/** Below 5 m³/month (one person's use) a fall is noise, not a lead. */
export const DROP_MIN_MEAN_M3 = 5;

/** The same m³ this many periods running is a copied estimate or a made-up reading. */
export const FLAT_MIN_RUN = 3;
/** Large customer: a mean of at least 50 m³/month (≈ 3 households), or the zone's top 2%. */
export const FLAT_LARGE_MIN_M3 = 50;
export const FLAT_LARGE_TOP_SHARE = 0.02;

/**
 * A meter past its verification date under-registers: class B/C meters aged beyond their
 * 5-year interval typically miss 5% of the flow (the zone-wide allowance, 2%, is for all
 * meters, young ones included).
 */
export const OVERDUE_UNDER_REGISTRATION = 0.05;

const mean = (xs: readonly number[]): number | null =>
	xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

/** The actual readings of the history, newest first, with their slot index. */
function actuals(history: History): { i: number; m3: number }[] {
	const out: { i: number; m3: number }[] = [];
	history.forEach((r, i) => {
		if (r?.kind === 'actual' && r.m3 !== null) out.push({ i, m3: r.m3 });
	});
	return out;
}

/**
 * Consecutive periods, ending at the latest actual reading, whose actual reading is 0 m³.
 * Newer periods without an actual reading (not read yet, no access) are stepped over; any
 * other period (a reading above 0, an estimate, no reading) ends the run. Also the customer's
 * normal use: the mean of the actual readings above 0 before the run, if any (m³/month).
 */
export function zeroRun(history: History): { run: number; normalM3: number | null } {
	let i = history.findIndex((r) => r?.kind === 'actual');
	if (i < 0) return { run: 0, normalM3: null };
	let run = 0;
	while (i < history.length && history[i]?.kind === 'actual' && history[i]?.m3 === 0) {
		run++;
		i++;
	}
	const before = actuals(history.slice(i)).filter((a) => a.m3 > 0);
	return { run, normalM3: mean(before.map((a) => a.m3)) };
}

export interface Drop {
	latestM3: number;
	/** Mean of the previous actual readings, m³/month. */
	previousMeanM3: number;
	previousCount: number;
}

/**
 * The latest actual reading against the mean of the (up to 6) actual readings before it in
 * the history; a drop when it is below DROP_SHARE of a mean of at least DROP_MIN_MEAN_M3.
 * A meter already read at 0 twice running is a zero-consumption lead instead.
 */
export function suddenDrop(history: History): Drop | null {
	const [latest, ...rest] = actuals(history);
	const previous = rest.slice(0, DROP_MAX_PREVIOUS);
	if (!latest || previous.length < DROP_MIN_PREVIOUS) return null;
	if (zeroRun(history).run >= ZERO_MIN_RUN) return null;
	const previousMeanM3 = mean(previous.map((p) => p.m3))!;
	if (previousMeanM3 < DROP_MIN_MEAN_M3 || latest.m3 >= DROP_SHARE * previousMeanM3) return null;
	return { latestM3: latest.m3, previousMeanM3, previousCount: previous.length };
}

/**
 * The same m³ above 0 (actual or estimated) in consecutive periods, ending at the latest
 * period with a figure (newer no-access or unread periods are stepped over).
 */
export function flatRun(history: History): { valueM3: number; run: number } | null {
	const start = history.findIndex((r) => r !== null && r.m3 !== null);
	if (start < 0) return null;
	const valueM3 = history[start]!.m3!;
	if (valueM3 <= 0) return null;
	let run = 0;
	for (let i = start; i < history.length && history[i]?.m3 === valueM3; i++) run++;
	return { valueM3, run };
}

/** Mean m³/month of the periods with a figure (actual or estimated); null when none. */
export function meanM3(history: History): number | null {
	return mean(history.flatMap((r) => (r && r.m3 !== null ? [r.m3] : [])));
}

/** Mean m³/month of the actual readings; null when none. */
export function actualMeanM3(history: History): number | null {
	return mean(actuals(history).map((a) => a.m3));
}
