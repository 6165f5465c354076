/**
 * Day arithmetic for position history. Partitions of staff_position are UTC days (a partition
 * bound is an instant, and UTC has no offsets to shift); what a supervisor asks for is a
 * calendar day in Vietnam (UTC+7, no daylight saving), which spans two UTC partitions.
 */
const dayMs = 86_400_000;

/** 'YYYY-MM-DD' of the UTC day of an instant. */
export function utcDay(at: Date): string {
	return at.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
	return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs));
}

/** Partition table of a UTC day: staff_position_p20261127. */
export function partitionName(day: string): string {
	return `staff_position_p${day.replaceAll('-', '')}`;
}

/** The UTC day a partition table holds, or null for a table that is not a day partition. */
export function partitionDay(table: string): string | null {
	const m = /^staff_position_p(\d{4})(\d{2})(\d{2})$/.exec(table);
	return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Days whose partitions should exist: today and the next `ahead` UTC days. */
export function daysToCreate(now: Date, ahead: number): string[] {
	const today = utcDay(now);
	return Array.from({ length: ahead + 1 }, (_, i) => addDays(today, i));
}

/**
 * First UTC day kept by a retention of `retentionDays`: day partitions before it are dropped.
 * With 90 days on 27 Nov, 28 Aug is kept and 27 Aug goes.
 */
export function firstKeptDay(now: Date, retentionDays: number): string {
	return addDays(utcDay(now), -retentionDays + 1);
}

/** [start, end) instants of a calendar day in Vietnam (UTC+7). */
export function vietnamDayRange(day: string): { from: Date; to: Date } {
	const from = new Date(`${day}T00:00:00+07:00`);
	return { from, to: new Date(from.getTime() + dayMs) };
}
