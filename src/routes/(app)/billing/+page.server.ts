import { fail, redirect } from '@sveltejs/kit';
import { startRun, runsPage } from '#lib/server/billing/billing.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError } from '#lib/server/http/refusal.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => runsPage(getDb(), locals.user!);

// Named `start` (not create*): the guard asks billing.edit, as the service does.
export const actions: Actions = {
	start: async ({ request, locals }) => {
		const form = await request.formData();
		const text = (name: string) => String(form.get(name) ?? '');
		const input = {
			periodId: text('periodId'),
			mode: text('mode'),
			scope: text('scope'),
			routeIds: form.getAll('routeIds').map(String),
			customerCode: text('customerCode')
		};
		let runId: number;
		try {
			runId = await startRun(getDb(), locals.user!, input);
		} catch (err) {
			if (!(err instanceof RequestError)) throw err;
			return fail(err.status, { field: err.field, reason: err.reason, input });
		}
		redirect(303, `/billing/runs/${runId}`);
	}
};
