/**
 * Reading periods and their per-route schedule, as calendar arithmetic on 'YYYY-MM-DD' dates
 * (Asia/Ho_Chi_Minh calendar days; no clock or time zone is involved). A period is the month
 * whose first day is its period_month.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(date: string): [number, number, number] {
	const [y, m, d] = date.split('-').map(Number);
	return [y, m, d];
}

/** Days in a month (month 1…12). */
export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first day of the month after `periodMonth`: '2026-12-01' → '2027-01-01'. */
export function nextMonth(periodMonth: string): string {
	const [y, m] = parts(periodMonth);
	return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

/** `day` of the period's month, clamped to the month's length (31 in February → 28 or 29). */
export function dayOf(periodMonth: string, day: number): string {
	const [y, m] = parts(periodMonth);
	return `${y}-${pad(m)}-${pad(Math.min(Math.max(1, Math.trunc(day)), daysInMonth(y, m)))}`;
}

/** The same day one month later, clamped: '2026-10-31' → '2026-11-30'. */
export function shiftOneMonth(date: string): string {
	const [, , d] = parts(date);
	return dayOf(nextMonth(`${date.slice(0, 7)}-01`), d);
}

/** The day read most often (ties go to the earlier day), or null without readings. */
export function mostCommonDay(counts: readonly { day: number; n: number }[]): number | null {
	let best: { day: number; n: number } | null = null;
	for (const c of counts)
		if (!best || c.n > best.n || (c.n === best.n && c.day < best.day)) best = c;
	return best?.day ?? null;
}

/**
 * A route's planned reading day in a newly opened period: the previous period's planned day
 * shifted one month, else the day the route was mostly read on last period, else the 1st.
 */
export function defaultPlannedOn(
	periodMonth: string,
	previous: { plannedOn: string | null; readDays: readonly { day: number; n: number }[] }
): string {
	if (previous.plannedOn) return shiftOneMonth(previous.plannedOn);
	return dayOf(periodMonth, mostCommonDay(previous.readDays) ?? 1);
}

/** How far outside its month a route's reading may be planned, days. */
export const scheduleSlackDays = 10;

function addDays(date: string, days: number): string {
	const [y, m, d] = parts(date);
	const t = new Date(Date.UTC(y, m - 1, d + days));
	return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The dates a route of the period may be planned on: its month ± scheduleSlackDays. */
export function scheduleWindow(periodMonth: string): { from: string; to: string } {
	const [y, m] = parts(periodMonth);
	return {
		from: addDays(periodMonth, -scheduleSlackDays),
		to: addDays(`${y}-${pad(m)}-${pad(daysInMonth(y, m))}`, scheduleSlackDays)
	};
}

/** Whether `date` is a real calendar date inside the period's window. */
export function inScheduleWindow(periodMonth: string, date: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
	const [y, m, d] = parts(date);
	if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
	const { from, to } = scheduleWindow(periodMonth);
	return date >= from && date <= to;
}
