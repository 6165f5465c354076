/**
 * Matching a bank statement's credit line to a customer: the customer code (mã KH, "KH" and
 * 8 digits, as the register generates it) written in the transfer's description, and the
 * amount equal to what the customer owes (the whole balance, or one unpaid invoice). Banks
 * and customers write codes loosely ("kh 0000 1234", "KH-00001234"), so case, spaces and one
 * separator are tolerated; a longer run of digits is not a code. Amounts are integer VND.
 */
import { formatVnd } from '../../format/vi.ts';
import { foldVi } from '../customers/customer-input.ts';

export type CodeScan =
	{ kind: 'none' } | { kind: 'one'; code: string } | { kind: 'many'; codes: string[] };

// KH, an optional separator, then exactly 8 digits (single spaces allowed between them) that
// neither a letter precedes nor another digit follows.
const codePattern = /(?<![a-z0-9])k\s*h\s*[-_.:#]?\s*(\d(?:\s?\d){7})(?!\d)/gi;

export function scanCustomerCode(description: string | null): CodeScan {
	if (!description) return { kind: 'none' };
	const codes = new Set<string>();
	for (const match of description.matchAll(codePattern))
		codes.add(`KH${match[1].replace(/\s/g, '')}`);
	if (codes.size === 0) return { kind: 'none' };
	if (codes.size === 1) return { kind: 'one', code: [...codes][0] };
	return { kind: 'many', codes: [...codes] };
}

export type AmountMatch = { ok: true } | { ok: false; reason: string };

/**
 * The amount matches when it is the customer's whole balance or one unpaid invoice's
 * outstanding amount; otherwise the reason names what was expected.
 */
export function matchAmount(
	amountVnd: number,
	balanceVnd: number,
	invoiceOutstandings: readonly number[]
): AmountMatch {
	const open = invoiceOutstandings.filter((o) => o > 0);
	if (balanceVnd <= 0 || open.length === 0)
		return { ok: false, reason: 'khách hàng không còn nợ hóa đơn nào' };
	if (amountVnd === balanceVnd || open.includes(amountVnd)) return { ok: true };
	const others = open.filter((o) => o !== balanceVnd).map(formatVnd);
	return {
		ok: false,
		reason:
			`số tiền khác: cần ${formatVnd(balanceVnd)} (tổng nợ)` +
			(others.length ? ` hoặc ${others.join(', ')} (từng hóa đơn)` : '')
	};
}

/**
 * One transfer, however many statements list it: the bank's reference with the booked date
 * and amount; without a reference, the date, amount and the description (folded).
 */
export function dedupeKey(line: {
	bankRef: string | null;
	bookedOn: string;
	amountVnd: number;
	description: string | null;
}): string {
	const ref = line.bankRef?.trim();
	if (ref) return `ref:${ref.toUpperCase()}|${line.bookedOn}|${line.amountVnd}`;
	return `text:${line.bookedOn}|${line.amountVnd}|${foldVi(line.description ?? '')}`;
}
