import { error, fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { resumeRun, runDetail } from '#lib/server/billing/billing.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError, pathId } from '#lib/server/http/refusal.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		const detail = await runDetail(getDb(), locals.user!, pathId(params.runId, 'runId'));
		return { ...detail, canRun: can(locals.user!.permissions, 'billing', 'edit') };
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};

export const actions: Actions = {
	resume: async ({ params, locals }) => {
		try {
			await resumeRun(getDb(), locals.user!, pathId(params.runId, 'runId'));
			return { resumed: true };
		} catch (err) {
			if (!(err instanceof RequestError)) throw err;
			return fail(err.status, { field: err.field, reason: err.reason });
		}
	}
};
