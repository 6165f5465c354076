/**
 * Readable numbers: work orders PCT-2026-000123, customer requests YC-2026-000001. The
 * sequence restarts every year and has at least 6 digits (more once a year passes 999,999).
 */
export type NumberPrefix = 'PCT' | 'YC';

export function formatNumber(prefix: NumberPrefix, year: number, seq: number): string {
	if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new Error(`bad year ${year}`);
	if (!Number.isInteger(seq) || seq < 1) throw new Error(`bad sequence ${seq}`);
	return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

export const workOrderNumber = (year: number, seq: number) => formatNumber('PCT', year, seq);
export const requestNumber = (year: number, seq: number) => formatNumber('YC', year, seq);

/** Year and sequence of a number of this prefix, or null when it is not one. */
export function parseNumber(
	prefix: NumberPrefix,
	value: string
): { year: number; seq: number } | null {
	const match = new RegExp(`^${prefix}-(\\d{4})-(\\d{6,})$`).exec(value);
	if (!match) return null;
	return { year: Number(match[1]), seq: Number(match[2]) };
}
