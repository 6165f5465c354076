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
