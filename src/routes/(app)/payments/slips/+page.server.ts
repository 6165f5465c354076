import { error } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import {
	PaymentError,
	parsePaymentInput,
	receiptFilterSchema
} from '#lib/server/payments/payments.schemas.ts';
import { receiptList } from '#lib/server/payments/receipts.service.ts';
import type { PageServerLoad } from './$types';

// payments.access is checked by the guard; route scope by the service.
export const load: PageServerLoad = async ({ url, locals }) => {
	try {
		const filter = parsePaymentInput(receiptFilterSchema, Object.fromEntries(url.searchParams));
		return await receiptList(getDb(), locals.user!, filter);
	} catch (err) {
		if (err instanceof PaymentError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
};
