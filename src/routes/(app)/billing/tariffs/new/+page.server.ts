import { redirect } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId } from '#lib/server/http/refusal.ts';
import { listCategoriesAndMapping } from '#lib/server/tariffs/categories.service.ts';
import { createSchedule, newDraft } from '#lib/server/tariffs/tariffs.service.ts';
import { postedDraft, refused } from '../form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const from = url.searchParams.get('from');
	return {
		draft: await newDraft(db, from ? pathId(from, 'from') : undefined),
		codes: (await listCategoriesAndMapping(db)).categories,
		canEdit: can(locals.user!.permissions, 'billing', 'edit')
	};
};

// Named save (not create*): the guard asks billing.edit, as for every tariff write.
export const actions: Actions = {
	save: async ({ request, locals }) => {
		let draft: unknown = null;
		let id: number;
		try {
			draft = await postedDraft(request);
			id = await createSchedule(getDb(), locals.user!, draft);
		} catch (err) {
			return refused(err, draft);
		}
		redirect(303, `/billing/tariffs?created=${id}`);
	}
};
