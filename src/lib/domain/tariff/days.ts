/**
 * Calendar days as integers (days since 1970-01-01, UTC), so a period's length and the days
 * under each schedule are plain integer arithmetic with no time zone or DST in play.
 */
const MS_PER_DAY = 86_400_000;

/** The day number of a valid 'YYYY-MM-DD' date, or null when the text is not one. */
export function dayNumber(text: string): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) return null;
	const [year, month, day] = match.slice(1).map(Number);
	const ms = Date.UTC(year, month - 1, day);
	const check = new Date(ms);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1) return null;
	if (check.getUTCDate() !== day) return null;
	return ms / MS_PER_DAY;
}

export function isoDate(day: number): string {
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
