import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { formObject, idParam, loadError, refusal } from '#lib/server/meters/meters.http.ts';
import {
	changeSeal,
	connectionMeters,
	installMeter,
	installSchema,
	parseInput,
	recordVerification,
	replaceMeter,
	replaceSchema,
	sealSchema,
	verifySchema
} from '#lib/server/meters/meters.service.ts';
import { utilityDate } from '#lib/domain/time/utility-date.ts';
import type { Actions, PageServerLoad } from './$types';

// The guard checks customers.access / create / edit; route scope is the service's.
export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	const customerId = idParam(params.id);
	const data = await connectionMeters(getDb(), user, customerId).catch(loadError);
	return {
		customerId,
		customer: data.customer,
		meter: data.meter,
		nextPreviousIndex: data.nextPreviousIndex,
		history: data.history,
		today: utilityDate(),
		canCreate: can(user.permissions, 'customers', 'create'),
		canEdit: can(user.permissions, 'customers', 'edit')
	};
};

/** Runs one meter action; a refusal hands the typed values back with the field and reason. */
function action<S>(
	name: string,
	run: (input: Record<string, unknown>, ctx: S) => Promise<unknown>
) {
	return async ({
		request,
		params,
		locals
	}: {
		request: Request;
		params: { id: string };
		locals: App.Locals;
	}) => {
		const values = formObject(await request.formData());
		try {
			await run(values, { customerId: idParam(params.id), user: locals.user! } as S);
			return { action: name, saved: true };
		} catch (err) {
			return refusal(name, err, values);
		}
	};
}

type Ctx = { customerId: number; user: NonNullable<App.Locals['user']> };

export const actions: Actions = {
	// 'create…' needs customers.create; the others customers.edit.
	createMeter: action<Ctx>('createMeter', (input, { customerId, user }) =>
		installMeter(getDb(), user, customerId, parseInput(installSchema, input))
	),
	replaceMeter: action<Ctx>('replaceMeter', (input, { customerId, user }) =>
		replaceMeter(getDb(), user, customerId, parseInput(replaceSchema, input))
	),
	changeSeal: action<Ctx>('changeSeal', (input, { customerId, user }) =>
		changeSeal(getDb(), user, customerId, parseInput(sealSchema, input))
	),
	verifyMeter: action<Ctx>('verifyMeter', (input, { customerId, user }) =>
		recordVerification(getDb(), user, customerId, parseInput(verifySchema, input))
	)
};
