/**
 * Reading-route sequence numbers (Stt). Customers are numbered in tens (10, 20, 30…) along the
 * walk, so one can be inserted between two neighbours without renumbering the route.
 */
export const sequenceStep = 10;

/** Sequence numbers for a route of `count` customers in walking order: 10, 20, 30… */
export function renumbered(count: number): number[] {
	return Array.from({ length: count }, (_, i) => (i + 1) * sequenceStep);
}

/**
 * The number for a customer inserted between `before` and `after` (either may be null at the
 * ends of the route). Null when there is no whole number left between them: renumber first.
 */
export function sequenceBetween(before: number | null, after: number | null): number | null {
	const low = before ?? 0;
	if (after === null) return low + sequenceStep;
	if (after <= low) throw new RangeError(`sequence: ${after} does not come after ${low}`);
	const mid = Math.floor((low + after) / 2);
	return mid > low ? mid : null;
}
