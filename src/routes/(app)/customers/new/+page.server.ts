import { fail, redirect } from '@sveltejs/kit';
import { createCustomer, formChoices } from '#lib/server/customers/customers.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	choices: await formChoices(getDb(), locals.user!)
});

export const actions: Actions = {
	// Named create… so the guard asks for customers.create.
	createCustomer: async ({ request, locals }) => {
		const values = Object.fromEntries(await request.formData());
		const r = await createCustomer(getDb(), locals.user!, values);
		// Refused input goes back with the values typed, and a message per field.
		if (!r.ok) return fail(r.status, { values, errors: r.errors ?? {}, error: r.message });
		redirect(303, `/customers/${r.value.id}?created=1`);
	}
};
