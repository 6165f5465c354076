/**
 * Reading-route sequence numbers (Stt). Customers are numbered in tens (10, 20, 30…) along the
 * walk, so one can be inserted between two neighbours without renumbering the route. Pure:
 * the services turn these plans into updates.
 */
export const sequenceStep = 10;

/** Sequence numbers for a route of `count` customers in walking order: 10, 20, 30… */
export function renumbered(count: number): number[] {
	return Array.from({ length: count }, (_, i) => (i + 1) * sequenceStep);
}

/** The number after the route's last one (10 for an empty route), rounded up to the tens. */
export function nextFreeSequence(last: number | null): number {
	if (last === null) return sequenceStep;
	return (Math.floor(last / sequenceStep) + 1) * sequenceStep;
}

/**
 * The number for a customer inserted between `before` and `after` (either may be null at the
 * ends of the route). Null when there is no whole number left between them: renumber first.
 */
export function sequenceBetween(before: number | null, after: number | null): number | null {
	return sequencesBetween(before, after, 1)?.[0] ?? null;
}

/**
 * `count` increasing whole numbers strictly between `before` and `after`, spread evenly
 * (after the last customer: the next tens). Null when they do not fit.
 */
export function sequencesBetween(
	before: number | null,
	after: number | null,
	count: number
): number[] | null {
	const low = before ?? 0;
	if (count === 0) return [];
	if (after === null) {
		const first = nextFreeSequence(before);
		return Array.from({ length: count }, (_, i) => first + i * sequenceStep);
	}
	if (after <= low) throw new RangeError(`sequence: ${after} does not come after ${low}`);
	if (after - low - 1 < count) return null;
	const step = (after - low) / (count + 1);
	const out: number[] = [];
	for (let i = 1; i <= count; i++) out.push(Math.floor(low + step * i));
	return out;
}

export interface Sequenced {
	id: number;
	seq: number;
}

/** One customer whose number changes. */
export interface SequenceChange {
	id: number;
	from: number | null;
	to: number;
}

/** Indexes (into `values`) of one longest strictly increasing subsequence. O(n log n). */
function longestIncreasing(values: number[]): Set<number> {
	const tails: number[] = [];
	const prev = new Array<number>(values.length).fill(-1);
	for (let i = 0; i < values.length; i++) {
		let lo = 0;
		let hi = tails.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (values[tails[mid]] < values[i]) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0) prev[i] = tails[lo - 1];
		tails[lo] = i;
	}
	const keep = new Set<number>();
	for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]) keep.add(i);
	return keep;
}

/**
 * Numbers for the customers of a route in a new walking order. `order` lists ids, each with
 * its current number or null (a customer arriving from another route). Keeps as many current
 * numbers as the order allows and gives the others free numbers between their neighbours;
 * when some gap is too small, the whole route is renumbered in tens. Returns every
 * customer's number in `order`, and whether the route was renumbered.
 */
export function sequenceForOrder(order: { id: number; seq: number | null }[]): {
	seqs: number[];
	renumbered: boolean;
} {
	const ids = new Set(order.map((o) => o.id));
	if (ids.size !== order.length) throw new RangeError('sequence: a customer is listed twice');
	const positions = order.flatMap((o, i) => (o.seq === null ? [] : [i]));
	const kept = new Set(
		[...longestIncreasing(positions.map((i) => order[i].seq!))].map((k) => positions[k])
	);
	const seqs: (number | null)[] = order.map((o, i) => (kept.has(i) ? o.seq : null));
	let i = 0;
	while (i < order.length) {
		if (seqs[i] !== null) {
			i++;
			continue;
		}
		let j = i;
		while (j < order.length && seqs[j] === null) j++;
		const fill = sequencesBetween(
			i > 0 ? seqs[i - 1] : null,
			j < order.length ? seqs[j] : null,
			j - i
		);
		if (fill === null) return { seqs: renumbered(order.length), renumbered: true };
		fill.forEach((s, k) => (seqs[i + k] = s));
		i = j;
	}
	return { seqs: seqs as number[], renumbered: false };
}

/** The customers whose number differs between `before` and the new numbers. */
export function sequenceChanges(
	order: { id: number; seq: number | null }[],
	seqs: number[]
): SequenceChange[] {
	return order.flatMap((o, i) =>
		o.seq === seqs[i] ? [] : [{ id: o.id, from: o.seq, to: seqs[i] }]
	);
}
