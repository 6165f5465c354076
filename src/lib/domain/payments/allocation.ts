/**
 * How money received from a customer is applied to their invoices: oldest unpaid invoice
 * first (by period, then issue date, then id), each up to what it still owes. What is left
 * over stays on its receipt as the customer's credit and is applied first the next time money
 * is applied for that customer. Amounts are integer VND.
 */

export interface OpenInvoice {
	id: number;
	/** First day of the reading period the invoice bills, YYYY-MM-DD. */
	periodMonth: string;
	/** YYYY-MM-DD. */
	issuedOn: string;
	totalVnd: number;
	paidVnd: number;
}

/** Money available to apply: an older receipt's unapplied credit, or a new receipt. */
export interface MoneySource<K> {
	key: K;
	amountVnd: number;
}

export interface Allocation<K> {
	source: K;
	invoiceId: number;
	amountVnd: number;
}

export interface AllocationResult<K> {
	allocations: Allocation<K>[];
	/** Per source, what was not applied (the customer's credit), VND. */
	leftVnd: Map<K, number>;
}

export const outstandingOf = (inv: Pick<OpenInvoice, 'totalVnd' | 'paidVnd'>): number =>
	inv.totalVnd - inv.paidVnd;

export function oldestFirst<T extends OpenInvoice>(invoices: readonly T[]): T[] {
	return [...invoices].sort(
		(a, b) =>
			a.periodMonth.localeCompare(b.periodMonth) ||
			a.issuedOn.localeCompare(b.issuedOn) ||
			a.id - b.id
	);
}

function checkVnd(value: number, what: string): void {
	if (!Number.isSafeInteger(value) || value < 0)
		throw new Error(`${what} must be a whole, non-negative number of VND (got ${value})`);
}

/**
 * Applies the sources in the order given (older credit before new money) to the invoices
 * oldest first. Invoices that owe nothing (paid, or a credit adjustment with a negative
 * total) take nothing. Pure: the invoices are not changed.
 */
export function allocate<K>(
	sources: readonly MoneySource<K>[],
	invoices: readonly OpenInvoice[]
): AllocationResult<K> {
	const owed = oldestFirst(invoices)
		.map((inv) => ({ id: inv.id, left: outstandingOf(inv) }))
		.filter((inv) => inv.left > 0);
	const allocations: Allocation<K>[] = [];
	const leftVnd = new Map<K, number>();
	let i = 0;
	for (const source of sources) {
		checkVnd(source.amountVnd, 'amountVnd');
		let left = source.amountVnd;
		while (left > 0 && i < owed.length) {
			const take = Math.min(left, owed[i].left);
			allocations.push({ source: source.key, invoiceId: owed[i].id, amountVnd: take });
			left -= take;
			owed[i].left -= take;
			if (owed[i].left === 0) i++;
		}
		leftVnd.set(source.key, left);
	}
	return { allocations, leftVnd };
}

/**
 * What the customer owes now: the invoices' outstanding amounts (a negative adjustment
 * lowers it) minus credit not yet applied. Negative means the utility owes the customer.
 */
export function balanceOf(
	invoices: readonly Pick<OpenInvoice, 'totalVnd' | 'paidVnd'>[],
	creditVnd: number
): number {
	return invoices.reduce((sum, inv) => sum + outstandingOf(inv), 0) - creditVnd;
}
