/**
 * Pure rules for a connection's meter (đồng hồ nước): index bounds, dates, the index the next
 * reading starts from, and the connection's history in order. Indexes are m³ with 3 decimals.
 * Dates are 'YYYY-MM-DD' calendar dates in Asia/Ho_Chi_Minh, which compare as strings.
 */

export interface FieldError {
	field: string;
	message: string;
}

/** A meter with `dialDigits` digits shows 0 … 10^dialDigits − 1 before it rolls over. */
export function indexError(field: string, index: number, dialDigits: number): FieldError | null {
	if (!Number.isFinite(index) || index < 0)
		return { field, message: `${field}: must be a number ≥ 0 (m³)` };
	if (Math.abs(index * 1000 - Math.round(index * 1000)) > 1e-6)
		return { field, message: `${field}: at most 3 decimals (m³)` };
	if (index >= 10 ** dialDigits)
		return {
			field,
			message: `${field}: ${index} does not fit a ${dialDigits}-digit dial (must be < ${10 ** dialDigits})`
		};
	return null;
}

/** A date that must not lie after today nor before `notBefore` (when given). */
export function dateError(
	field: string,
	value: string,
	today: string,
	notBefore?: { date: string | null; label: string }
): FieldError | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
		return { field, message: `${field}: not a date (YYYY-MM-DD)` };
	if (value > today) return { field, message: `${field}: ${value} is in the future` };
	if (notBefore?.date && value < notBefore.date)
		return {
			field,
			message: `${field}: ${value} is before ${notBefore.label} (${notBefore.date})`
		};
	return null;
}

export interface ReadingPoint {
	meterId: number;
	/** First day of the reading month. */
	periodMonth: string;
	previousIndex: number;
	/** Null for a no-access reading. */
	currentIndex: number | null;
}

/**
 * The old meter's final index must not be below what it last showed: the last reading of
 * that meter (its current index, or its previous index for a no-access visit), or its initial
 * index when it was never read. Returns the floor, or null when nothing is known.
 */
export function lastKnownIndex(
	meterId: number,
	initialIndex: number | null,
	readings: ReadingPoint[]
): number | null {
	const own = readings
		.filter((r) => r.meterId === meterId)
		.sort((a, b) => a.periodMonth.localeCompare(b.periodMonth));
	const last = own.at(-1);
	if (!last) return initialIndex;
	return last.currentIndex ?? last.previousIndex;
}

/**
 * The previous index (chỉ số đầu kỳ) for the next reading of the meter in service: the last
 * index read on that same meter; when it has never been read, the index it was put in service
 * with (the new initial index after a replacement). Readings of a removed meter never carry
 * over to its successor. 0 when nothing is recorded.
 */
export function previousIndexForNextReading(
	meter: { id: number; initialIndex: number | null },
	readings: ReadingPoint[]
): number {
	return lastKnownIndex(meter.id, meter.initialIndex, readings) ?? 0;
}

export type HistoryEvent =
	| {
			kind: 'install';
			on: string;
			meterId: number;
			serial: string;
			initialIndex: number | null;
			by: string | null;
	  }
	| {
			kind: 'replace';
			on: string;
			oldMeterId: number;
			oldSerial: string;
			newMeterId: number;
			newSerial: string;
			oldFinalIndex: number;
			newInitialIndex: number;
			reason: string;
	  }
	| {
			kind: 'seal';
			on: string;
			meterId: number;
			serial: string;
			from: string | null;
			to: string;
			reason: string;
	  }
	| { kind: 'verify'; on: string; meterId: number; serial: string; dueOn: string | null }
	| {
			kind: 'reading';
			on: string;
			meterId: number;
			serial: string;
			previousIndex: number;
			currentIndex: number | null;
			consumptionM3: number | null;
			readingKind: string;
	  };

// On one day: the install first, then the old meter's last reading, then the replacement
// (final/initial pair), so the pair sits between the old meter's readings and the new one's.
const dayOrder: Record<HistoryEvent['kind'], number> = {
	install: 0,
	reading: 1,
	replace: 2,
	verify: 3,
	seal: 4
};

/** The connection's events oldest first (stable for equal keys). */
export function orderHistory(events: HistoryEvent[]): HistoryEvent[] {
	return events
		.map((e, i) => ({ e, i }))
		.sort(
			(a, b) => a.e.on.localeCompare(b.e.on) || dayOrder[a.e.kind] - dayOrder[b.e.kind] || a.i - b.i
		)
		.map(({ e }) => e);
}

/** Verification state of an in-service meter on `today`, with `withinDays` as the warning window. */
export function verificationState(
	dueOn: string | null,
	today: string,
	withinDays: number
): 'none' | 'ok' | 'due' | 'overdue' {
	if (!dueOn) return 'none';
	if (dueOn < today) return 'overdue';
	return dueOn <= addDays(today, withinDays) ? 'due' : 'ok';
}

export function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
