import { fail, redirect } from '@sveltejs/kit';
import {
	changeStatus,
	customerDetails,
	deleteCustomers,
	editCustomer,
	formChoices,
	saveContact
} from '#lib/server/customers/customers.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { customer } = await parent();
	const db = getDb();
	const [details, choices] = await Promise.all([
		customerDetails(db, customer.id),
		formChoices(db, locals.user!)
	]);
	return { ...details, choices };
};

// The layout load has checked the id and the route scope for the page; actions do not run
// it, so each service call checks scope again inside its transaction.
const idOf = (params: { id: string }) => (/^\d{1,9}$/.test(params.id) ? Number(params.id) : 0);

export const actions: Actions = {
	saveCustomer: async ({ request, params, locals }) => {
		const values = Object.fromEntries(await request.formData());
		const r = await editCustomer(getDb(), locals.user!, idOf(params), values);
		if (!r.ok)
			return fail(r.status, { action: 'save', values, errors: r.errors ?? {}, error: r.message });
		return { action: 'save', changed: r.value.changed };
	},
	changeStatus: async ({ request, params, locals }) => {
		const values = Object.fromEntries(await request.formData());
		const r = await changeStatus(getDb(), locals.user!, idOf(params), values);
		if (!r.ok)
			return fail(r.status, { action: 'status', values, errors: r.errors ?? {}, error: r.message });
		return { action: 'status', status: r.value.status };
	},
	saveContact: async ({ request, params, locals }) => {
		const values = Object.fromEntries(await request.formData());
		const contactId = values.contact_id ? Number(values.contact_id) : null;
		const r = await saveContact(getDb(), locals.user!, idOf(params), contactId, values);
		if (!r.ok)
			return fail(r.status, {
				action: 'contact',
				contactId,
				values,
				errors: r.errors ?? {},
				error: r.message
			});
		return { action: 'contact', contactId: r.value.id };
	},
	deleteContact: async ({ request, params, locals }) => {
		const form = await request.formData();
		const r = await saveContact(
			getDb(),
			locals.user!,
			idOf(params),
			Number(form.get('contact_id')),
			null,
			true
		);
		if (!r.ok) return fail(r.status, { action: 'contact', error: r.message });
		return { action: 'contact' };
	},
	deleteCustomer: async ({ params, locals }) => {
		const r = await deleteCustomers(getDb(), locals.user!, [idOf(params)]);
		if (!r.ok) return fail(r.status, { action: 'delete', error: r.message });
		if (r.value.blocked.length > 0)
			return fail(409, { action: 'delete', error: r.value.blocked[0].message });
		redirect(303, `/customers?deleted=${encodeURIComponent(r.value.deleted.join(','))}`);
	}
};
