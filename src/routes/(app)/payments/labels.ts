import type { PaymentMethod } from '#lib/domain/collections/collections.ts';
import { m } from '#lib/paraglide/messages.js';

/** Payment method names in the UI language (the spreadsheets keep the Vietnamese ones). */
export const methodLabels: Record<PaymentMethod, () => string> = {
	cash: m.col_method_cash,
	bank_transfer: m.col_method_bank_transfer,
	qr: m.col_method_qr
};

export const methodLabel = (method: string): string =>
	methodLabels[method as PaymentMethod]?.() ?? method;

/** Receipt (phiếu thu) methods in the UI language; the counter offers the first three. */
export const counterMethodLabels: Record<'cash' | 'bank_transfer' | 'qr', () => string> = {
	cash: m.pm_method_cash,
	bank_transfer: m.pm_method_bank_transfer,
	qr: m.pm_method_qr
};
const receiptMethodLabels: Record<string, () => string> = {
	...counterMethodLabels,
	reader_collection: m.pm_method_reader_collection,
	auto_debit: m.pm_method_auto_debit
};
export const receiptMethodLabel = (method: string): string =>
	receiptMethodLabels[method]?.() ?? method;
