import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { remittanceDetail } from '#lib/server/collections/cashier.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import type { PageServerLoad } from './$types';

// payments.access is checked by the guard; confirming posts to the list page's createReceipt.
export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		return {
			...(await remittanceDetail(getDb(), locals.user!, pathId(params.id))),
			canConfirm: can(locals.user!.permissions, 'payments', 'create')
		};
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
