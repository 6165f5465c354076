import { error, fail } from '@sveltejs/kit';
import { deleteCustomers, formChoices, listPage } from '#lib/server/customers/customers.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = getDb();
	const user = locals.user!;
	const [page, choices] = await Promise.all([
		listPage(db, user, url.searchParams),
		formChoices(db, user)
	]);
	if (!page.ok) error(page.status, page.message);
	return { ...page.value, choices };
};

export const actions: Actions = {
	// Named delete… so the guard asks for customers.delete.
	deleteCustomers: async ({ request, locals }) => {
		const form = await request.formData();
		const ids = form.getAll('id').map((v) => Number(v));
		const r = await deleteCustomers(getDb(), locals.user!, ids);
		if (!r.ok) return fail(r.status, { error: r.message });
		return { deleted: r.value.deleted, blocked: r.value.blocked };
	}
};
