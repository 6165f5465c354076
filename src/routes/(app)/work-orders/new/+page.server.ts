import { RequestError } from '#lib/server/http/refusal.ts';
import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { searchForMap } from '#lib/server/map/search.service.ts';
import { parseInput, requestSchema } from '#lib/server/work-orders/work-orders.schemas.ts';
import { intakeCustomer, receiveRequest } from '#lib/server/work-orders/work-orders.service.ts';
import type { Actions, PageServerLoad } from './$types';

/** A form's number field: empty means not given; anything else must read as a number. */
const num = (v: FormDataEntryValue | null) =>
	typeof v === 'string' && v.trim() !== '' ? Number(v.trim().replace(',', '.')) : undefined;
const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : undefined);

export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user!;
	const db = getDb();
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const chosen = url.searchParams.get('customer');
	try {
		const [found, customer] = await Promise.all([
			q ? searchForMap(db, user, q) : Promise.resolve(null),
			chosen && /^\d{1,9}$/.test(chosen)
				? intakeCustomer(db, user, Number(chosen))
				: Promise.resolve(null)
		]);
		return {
			q,
			results: found?.ok ? found.results : [],
			searchError: found && !found.ok ? found.message : null,
			customer
		};
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.message);
		throw err;
	}
};

export const actions: Actions = {
	// work_orders.create is checked by the guard (the action's name starts with create).
	createRequest: async ({ request, locals }) => {
		const form = await request.formData();
		const values = Object.fromEntries(
			[...form].filter((e): e is [string, string] => typeof e[1] === 'string')
		);
		const input = {
			kind: str(form.get('kind')),
			channel: str(form.get('channel')),
			customerId: values.customerId ? values.customerId : undefined,
			callerName: str(form.get('callerName')),
			callerPhone: str(form.get('callerPhone')),
			description: str(form.get('description')),
			order: {
				type: str(form.get('type')),
				priority: str(form.get('priority')),
				address: str(form.get('address')),
				lon: num(form.get('lon')),
				lat: num(form.get('lat'))
			}
		};
		let created;
		try {
			created = await receiveRequest(getDb(), locals.user!, parseInput(requestSchema, input));
		} catch (err) {
			if (!(err instanceof RequestError)) throw err;
			return fail(err.status, { field: err.field, error: err.message, values });
		}
		redirect(303, `/work-orders/${created.order.id}?from=${created.request.number}`);
	}
};
