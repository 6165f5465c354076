import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { statementDetail } from '#lib/server/payments/bank.service.ts';
import type { PageServerLoad } from './$types';

// payments.access is checked by the guard.
export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		return {
			...(await statementDetail(getDb(), locals.user!, pathId(params.id))),
			canExport: can(locals.user!.permissions, 'payments', 'export')
		};
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
