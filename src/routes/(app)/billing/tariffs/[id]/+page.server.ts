import { redirect } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId } from '#lib/server/http/refusal.ts';
import { listCategoriesAndMapping } from '#lib/server/tariffs/categories.service.ts';
import { TariffError } from '#lib/server/tariffs/tariffs.errors.ts';
import {
	deleteSchedule,
	draftOf,
	getSchedule,
	updateSchedule
} from '#lib/server/tariffs/tariffs.service.ts';
import { error } from '@sveltejs/kit';
import { postedDraft, refused } from '../form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = getDb();
	try {
		const schedule = await getSchedule(db, pathId(params.id));
		return {
			schedule,
			draft: draftOf(schedule),
			codes: (await listCategoriesAndMapping(db)).categories,
			canEdit: can(locals.user!.permissions, 'billing', 'edit')
		};
	} catch (err) {
		if (err instanceof TariffError && err.status === 404) error(404, err.reason);
		throw err;
	}
};

// save and remove (not delete*): the guard asks billing.edit, as for every tariff write.
export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		let draft: unknown = null;
		try {
			draft = await postedDraft(request);
			await updateSchedule(getDb(), locals.user!, pathId(params.id), draft);
			return { saved: true };
		} catch (err) {
			return refused(err, draft);
		}
	},
	remove: async ({ locals, params }) => {
		let code: string;
		try {
			const id = pathId(params.id);
			code = (await getSchedule(getDb(), id)).code;
			await deleteSchedule(getDb(), locals.user!, id);
		} catch (err) {
			return refused(err);
		}
		redirect(303, `/billing/tariffs?deleted=${encodeURIComponent(code)}`);
	}
};
