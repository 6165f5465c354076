/**
 * Receipts by payment method (thu tiền theo hình thức): the database counts and sums valid
 * receipts per day and method, and counts the voided ones apart; this lays them out one row
 * per day with a column per method, and adds the totals. Amounts are integer VND.
 */
export const receiptMethods = [
	'cash',
	'reader_collection',
	'bank_transfer',
	'qr',
	'auto_debit'
] as const;
export type ReceiptMethod = (typeof receiptMethods)[number];

/** The utility's words for each method, as on its receipts (phiếu thu) and spreadsheets. */
export const receiptMethodNamesVi: Record<ReceiptMethod, string> = {
	cash: 'Tiền mặt tại quầy',
	reader_collection: 'Thu qua nhân viên ghi chỉ số',
	bank_transfer: 'Chuyển khoản',
	qr: 'Quét mã QR',
	auto_debit: 'Trích nợ tự động'
};

export interface Tally {
	count: number;
	amountVnd: number;
}

/** One (day, method) group from the database: valid receipts and voided ones. */
export interface ReceiptGroup {
	/** Calendar day in Asia/Ho_Chi_Minh, 'YYYY-MM-DD'. */
	day: string;
	method: string;
	valid: Tally;
	voided: Tally;
}

export interface ReceiptLine {
	methods: Record<ReceiptMethod, Tally>;
	/** Valid receipts of every method. */
	total: Tally;
	/** Voided receipts: listed apart, never in the totals above. */
	voided: Tally;
}

export interface ReceiptDay extends ReceiptLine {
	day: string;
}

const tally = (): Tally => ({ count: 0, amountVnd: 0 });

export function emptyLine(): ReceiptLine {
	const methods = Object.fromEntries(receiptMethods.map((m) => [m, tally()]));
	return { methods: methods as Record<ReceiptMethod, Tally>, total: tally(), voided: tally() };
}

function add(into: Tally, t: Tally) {
	into.count += t.count;
	into.amountVnd += t.amountVnd;
}

function addGroup(line: ReceiptLine, g: ReceiptGroup) {
	if (!(receiptMethods as readonly string[]).includes(g.method))
		throw new Error(`unknown receipt method ${g.method}`);
	add(line.methods[g.method as ReceiptMethod], g.valid);
	add(line.total, g.valid);
	add(line.voided, g.voided);
}

/** One row per day that had receipts (ascending), and the totals of the range. */
export function pivotReceipts(groups: Iterable<ReceiptGroup>): {
	days: ReceiptDay[];
	total: ReceiptLine;
} {
	const byDay = new Map<string, ReceiptDay>();
	const total = emptyLine();
	for (const g of groups) {
		let day = byDay.get(g.day);
		if (!day) byDay.set(g.day, (day = { day: g.day, ...emptyLine() }));
		addGroup(day, g);
		addGroup(total, g);
	}
	const days = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
	return { days, total };
}
