/**
 * Debt ageing (tuổi nợ): an unpaid amount falls in a bucket by the whole calendar days between
 * its due date and the as-of date (Asia/Ho_Chi_Minh days). Due today or later is "not yet
 * due"; one day late starts the 1–30 bucket. The repository builds its SQL CASE from the same
 * bounds, so the screen, the spreadsheet and these functions cannot disagree.
 */
export const ageingBuckets = [
	// upTo: the last day past due the bucket holds (null: no upper bound).
	{ key: 'current', upTo: 0, vi: 'Chưa đến hạn' },
	{ key: 'd1_30', upTo: 30, vi: 'Quá hạn 1–30 ngày' },
	{ key: 'd31_60', upTo: 60, vi: 'Quá hạn 31–60 ngày' },
	{ key: 'd61_90', upTo: 90, vi: 'Quá hạn 61–90 ngày' },
	{ key: 'over90', upTo: null, vi: 'Quá hạn trên 90 ngày' }
] as const;

export type AgeingBucket = (typeof ageingBuckets)[number]['key'];
export const bucketKeys: AgeingBucket[] = ageingBuckets.map((b) => b.key);

/** Amounts per bucket, integer VND. */
export type BucketAmounts = Record<AgeingBucket, number>;

export const emptyBuckets = (): BucketAmounts => ({
	current: 0,
	d1_30: 0,
	d31_60: 0,
	d61_90: 0,
	over90: 0
});

/** The bucket of a debt `days` calendar days past its due date (negative: not yet due). */
export function bucketOf(days: number): AgeingBucket {
	if (!Number.isInteger(days)) throw new Error(`days past due must be whole days, got ${days}`);
	for (const b of ageingBuckets) if (b.upTo === null || days <= b.upTo) return b.key;
	throw new Error('unreachable: the last bucket has no upper bound');
}

const dayMs = 86_400_000;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** Whole calendar days from `dueOn` to `asOf` (both 'YYYY-MM-DD'); negative before due. */
export function daysPastDue(dueOn: string, asOf: string): number {
	if (!isoDay.test(dueOn) || !isoDay.test(asOf)) throw new Error('dates must be YYYY-MM-DD');
	// Both as UTC midnights: calendar dates have no zone, and UTC has no daylight saving.
	return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / dayMs);
}

/** One line of the ageing report (a route, or the whole scope): debtors and their debt. */
export interface AgeingLine {
	/** Customers who owe something as of the date. */
	customers: number;
	amounts: BucketAmounts;
	/** Sum of the buckets, VND. */
	total: number;
}

/** Adds ageing lines (routes) into one (the total of the report). */
export function addAgeing(lines: Iterable<AgeingLine>): AgeingLine {
	const sum: AgeingLine = { customers: 0, amounts: emptyBuckets(), total: 0 };
	for (const line of lines) {
		sum.customers += line.customers;
		for (const k of bucketKeys) sum.amounts[k] += line.amounts[k];
		sum.total += line.total;
	}
	return sum;
}
