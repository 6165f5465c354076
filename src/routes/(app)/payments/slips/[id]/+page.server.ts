import { error, fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { parsePaymentInput, voidSchema } from '#lib/server/payments/payments.schemas.ts';
import { receiptDetail, voidReceipt } from '#lib/server/payments/receipts.service.ts';
import type { Actions, PageServerLoad } from './$types';

// payments.access is checked by the guard; route scope by the service.
export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		return {
			...(await receiptDetail(getDb(), locals.user!, pathId(params.id))),
			canVoid: can(locals.user!.permissions, 'payments', 'edit')
		};
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};

export const actions: Actions = {
	// Voiding takes money back off invoices: the guard asks payments.edit (not a cashier default).
	voidReceipt: async ({ params, request, locals }) => {
		try {
			const form = await request.formData();
			const { reason } = parsePaymentInput(voidSchema, { reason: form.get('reason') ?? '' });
			await voidReceipt(getDb(), locals.user!, pathId(params.id), reason);
			return { voided: true };
		} catch (err) {
			if (!(err instanceof RequestError)) throw err;
			return fail(err.status, { field: err.field, error: err.reason });
		}
	}
};
