import { fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError } from '#lib/server/http/refusal.ts';
import * as service from '#lib/server/tariffs/categories.service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	...(await service.listCategoriesAndMapping(getDb())),
	canEdit: can(locals.user!.permissions, 'billing', 'edit')
});

/** Runs a change; the answer names the row (`key`) so its refusal shows beside it. */
async function run(action: string, key: string, work: () => Promise<void>) {
	try {
		await work();
		return { action, key, done: true };
	} catch (err) {
		if (!(err instanceof RequestError)) throw err;
		return fail(err.status, { action, key, field: err.field, reason: err.reason });
	}
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

// None is named create*/delete*: the guard asks billing.edit, as for every tariff write.
export const actions: Actions = {
	addCategory: async ({ request, locals }) => {
		const f = await request.formData();
		const row = { code: text(f, 'code'), name: text(f, 'name'), sort: text(f, 'sort') };
		return run('add', '', () => service.createCategory(getDb(), locals.user!, row));
	},
	saveCategory: async ({ request, locals }) => {
		const f = await request.formData();
		const original = text(f, 'original');
		const row = { code: text(f, 'code'), name: text(f, 'name'), sort: text(f, 'sort') };
		return run('save', original, () =>
			service.updateCategory(getDb(), locals.user!, original, row)
		);
	},
	removeCategory: async ({ request, locals }) => {
		const code = text(await request.formData(), 'original');
		return run('remove', code, () => service.deleteCategory(getDb(), locals.user!, code));
	},
	saveMapping: async ({ request, locals }) => {
		const f = await request.formData();
		const input = {
			customerCategory: text(f, 'customerCategory'),
			tariffCode: text(f, 'tariffCode')
		};
		return run('map', input.customerCategory, () =>
			service.setMapping(getDb(), locals.user!, input as Parameters<typeof service.setMapping>[2])
		);
	}
};
