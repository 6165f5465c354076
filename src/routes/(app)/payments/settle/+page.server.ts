import { fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError } from '#lib/server/http/refusal.ts';
import { pendingCollections, settleCollections } from '#lib/server/payments/reader.service.ts';
import type { Actions, PageServerLoad } from './$types';

// payments.access is checked by the guard; route scope by the service.
export const load: PageServerLoad = async ({ locals }) => ({
	collections: await pendingCollections(getDb(), locals.user!),
	canSettle: can(locals.user!.permissions, 'payments', 'create')
});

export const actions: Actions = {
	// Settling writes receipts: named create… so the guard asks payments.create.
	createReceipts: async ({ request, locals }) => {
		const raw = (await request.formData()).get('remittanceId');
		const remittanceId =
			typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
		try {
			const done = await settleCollections(getDb(), locals.user!, { remittanceId });
			return {
				settled: done.settled.length,
				pending: done.pending.length,
				already: done.alreadySettled.length
			};
		} catch (err) {
			if (!(err instanceof RequestError)) throw err;
			return fail(err.status, { field: err.field, error: err.reason });
		}
	}
};
