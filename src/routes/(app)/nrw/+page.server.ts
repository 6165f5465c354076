import { fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { NrwError } from '#lib/server/nrw/compute.service.ts';
import { loadNrw } from '#lib/server/nrw/nrw.http.ts';
import { requestMonth } from '#lib/server/nrw/nrw.jobs.ts';
import { chosenMonth, overview } from '#lib/server/nrw/views.service.ts';
import type { Actions, PageServerLoad } from './$types';

// nrw.access is checked by the guard; ?/recompute needs nrw.edit (the guard again).
export const load: PageServerLoad = ({ url, locals }) =>
	loadNrw(async () => {
		const db = getDb();
		const month = await chosenMonth(db, url.searchParams.get('month'));
		const perms = locals.user!.permissions;
		return {
			...(await overview(db, month)),
			canEdit: can(perms, 'nrw', 'edit'),
			canExport: can(perms, 'nrw', 'export')
		};
	});

export const actions: Actions = {
	recompute: async ({ request }) => {
		const month = String((await request.formData()).get('month') ?? '');
		try {
			const summary = await requestMonth(getDb(), `${month}-01`);
			return { month, summary };
		} catch (err) {
			if (err instanceof NrwError) return fail(err.status, { month, error: err.message });
			throw err;
		}
	}
};
