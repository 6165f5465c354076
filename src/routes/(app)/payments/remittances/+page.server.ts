import { fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { confirmRemittance, remittanceLists } from '#lib/server/collections/cashier.service.ts';
import { CollectionError } from '#lib/server/collections/collections.schemas.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { Actions, PageServerLoad } from './$types';

// payments.access is checked by the guard; scoped viewers see lists holding their routes.
export const load: PageServerLoad = async ({ locals }) => ({
	...(await remittanceLists(getDb(), locals.user!)),
	canConfirm: can(locals.user!.permissions, 'payments', 'create')
});

export const actions: Actions = {
	/**
	 * Confirming a list issues a receipt (biên nhận), so it is named create…: the guard then asks
	 * payments.create, which the cashier has by default (payments 'acpx'), rather than
	 * payments.edit, which the cashier does not. A double click issues one receipt: the service
	 * locks the row and answers the second click with the receipt already issued.
	 */
	createReceipt: async ({ request, locals }) => {
		const raw = (await request.formData()).get('id');
		const id = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
		if (id === null) return fail(400, { field: 'id', error: 'thiếu mã bảng kê cần xác nhận' });
		try {
			const { remittance } = await confirmRemittance(getDb(), locals.user!, id);
			return {
				confirmedId: remittance.id,
				receiptNo: remittance.receiptNo,
				number: remittance.number
			};
		} catch (err) {
			if (!(err instanceof CollectionError)) throw err;
			return fail(err.status, { field: err.field, error: err.reason });
		}
	}
};
