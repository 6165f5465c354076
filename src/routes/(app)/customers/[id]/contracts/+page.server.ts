import { can } from '#lib/domain/access/permissions.ts';
import { utilityDate } from '#lib/domain/time/utility-date.ts';
import {
	customerContracts,
	signContract,
	signSchema,
	terminateContract,
	terminateSchema,
	updateContract
} from '#lib/server/contracts/contracts.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { formObject, idParam, loadError, refusal } from '#lib/server/meters/meters.http.ts';
import { parseInput } from '#lib/server/meters/meters.service.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The guard checks customers.access / create / edit; route scope is the service's.
export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	const { customer, contracts } = await customerContracts(getDb(), user, idParam(params.id)).catch(
		loadError
	);
	return {
		customer,
		contracts,
		today: utilityDate(),
		canCreate: can(user.permissions, 'customers', 'create'),
		canEdit: can(user.permissions, 'customers', 'edit')
	};
};

/** One contract action; a refusal hands the typed values back with the field and reason. */
async function run(
	name: string,
	{ request, params }: RequestEvent,
	work: (input: Record<string, unknown>, customerId: number) => Promise<{ number?: string } | void>
) {
	const values = formObject(await request.formData());
	try {
		const done = await work(values, idParam(params.id));
		return { action: name, saved: done?.number ?? true };
	} catch (err) {
		return refusal(name, err, values);
	}
}

export const actions: Actions = {
	// 'create…' needs customers.create; re-signing, updating and terminating need edit.
	createContract: (event) =>
		run('createContract', event, (input, id) =>
			signContract(getDb(), event.locals.user!, id, parseInput(signSchema, input), 'sign')
		),
	resignContract: (event) =>
		run('resignContract', event, (input, id) =>
			signContract(getDb(), event.locals.user!, id, parseInput(signSchema, input), 'resign')
		),
	updateContract: (event) =>
		run('updateContract', event, (input, id) =>
			updateContract(
				getDb(),
				event.locals.user!,
				id,
				idParam(String(input.contractId ?? ''), 'contractId'),
				parseInput(signSchema, input)
			)
		),
	terminateContract: (event) =>
		run('terminateContract', event, async (input, id) => {
			const { reason } = parseInput(terminateSchema, input);
			await terminateContract(
				getDb(),
				event.locals.user!,
				id,
				idParam(String(input.contractId ?? ''), 'contractId'),
				reason
			);
		})
};
