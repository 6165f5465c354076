/**
 * Provisional collection at reading time (thu tiền tạm tính): what a reader may record and
 * how money adds up. Amounts are integer VND; a collection is at most 1,000,000,000 VND (the
 * database's check says the same).
 */
export const paymentMethods = ['cash', 'bank_transfer', 'qr'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** The utility's words for each method, as on the remittance list and the receipt. */
export const methodNamesVi: Record<PaymentMethod, string> = {
	cash: 'Tiền mặt',
	bank_transfer: 'Chuyển khoản',
	qr: 'Quét mã QR'
};

export const maxCollectionVnd = 1_000_000_000;

export type AmountCheck = { ok: true; amountVnd: number } | { ok: false; reason: string };

/**
 * A collected amount: a whole number of đồng, above zero, at most 1 tỷ. Text from a form may
 * carry vi-VN grouping dots or spaces ("150.000"), which are dropped; a comma is a decimal
 * separator in vi-VN, so "150,5" is refused as a fraction of a đồng.
 */
export function checkAmount(value: unknown): AmountCheck {
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^\s*[\d.\s]+\s*$/.test(value))
		n = Number(value.replace(/[.\s]/g, ''));
	else if (typeof value === 'string' && /^\s*\d[\d.\s]*,\d+\s*$/.test(value))
		return { ok: false, reason: 'số tiền phải là số nguyên đồng (không có phần lẻ)' };
	else return { ok: false, reason: 'số tiền phải là một số (đồng)' };
	if (!Number.isFinite(n)) return { ok: false, reason: 'số tiền phải là một số (đồng)' };
	if (!Number.isInteger(n))
		return { ok: false, reason: 'số tiền phải là số nguyên đồng (không có phần lẻ)' };
	if (n <= 0) return { ok: false, reason: 'số tiền phải lớn hơn 0 đồng' };
	if (n > maxCollectionVnd)
		return { ok: false, reason: 'số tiền không được quá 1.000.000.000 đồng cho một lần thu' };
	return { ok: true, amountVnd: n };
}

export interface MethodTotals {
	cash: number;
	bank_transfer: number;
	qr: number;
	/** All methods together, VND. */
	total: number;
	/** How many collections were added up. */
	count: number;
}

export const emptyTotals = (): MethodTotals => ({
	cash: 0,
	bank_transfer: 0,
	qr: 0,
	total: 0,
	count: 0
});

/**
 * Sums integer VND by method. Amounts may arrive as strings (int8 from the database); a sum
 * beyond Number.MAX_SAFE_INTEGER (9 triệu tỷ đồng) cannot happen for one utility's receipts.
 */
export function totalsByMethod(
	rows: Iterable<{ method: string; amountVnd: number | string; count?: number | string }>
): MethodTotals {
	const totals = emptyTotals();
	for (const row of rows) {
		const amount = Number(row.amountVnd);
		if (!(paymentMethods as readonly string[]).includes(row.method))
			throw new Error(`unknown payment method ${row.method}`);
		totals[row.method as PaymentMethod] += amount;
		totals.total += amount;
		totals.count += row.count === undefined ? 1 : Number(row.count);
	}
	return totals;
}
