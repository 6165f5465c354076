import type { AgeingBucket } from '#lib/domain/billing-reports/ageing.ts';
import type { ReceiptMethod } from '#lib/domain/billing-reports/receipts.ts';
import { m } from '#lib/paraglide/messages.js';

/** Bucket and method names in the UI language (the spreadsheets keep the Vietnamese ones). */
export const bucketLabels: Record<AgeingBucket, () => string> = {
	current: m.br_bucket_current,
	d1_30: m.br_bucket_d1_30,
	d31_60: m.br_bucket_d31_60,
	d61_90: m.br_bucket_d61_90,
	over90: m.br_bucket_over90
};

export const methodLabels: Record<ReceiptMethod, () => string> = {
	cash: m.br_method_cash,
	reader_collection: m.br_method_reader_collection,
	bank_transfer: m.br_method_bank_transfer,
	qr: m.br_method_qr,
	auto_debit: m.br_method_auto_debit
};
