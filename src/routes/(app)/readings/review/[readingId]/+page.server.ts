import { error, fail } from '@sveltejs/kit';
import type * as v from 'valibot';
import { canManageReadings } from '#lib/domain/access/permissions.ts';
import { RequestError, parseInput, pathId } from '#lib/server/http/refusal.ts';
import { getDb } from '#lib/server/db/connection.ts';
import {
	acceptSchema,
	applyReReadSchema,
	backBillingSchema,
	correctSchema,
	estimateSchema,
	orderSchema
} from '#lib/server/readings/review.schemas.ts';
import {
	acceptReading,
	addBackBilling,
	applyReRead,
	correctReading,
	estimateReading,
	orderForReading
} from '#lib/server/readings/review.service.ts';
import { reviewDetail } from '#lib/server/readings/review-list.service.ts';
import type { Actions, PageServerLoad } from './$types';

// readings.access is checked by the guard; route scope by the service (404 outside it).
export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	try {
		const detail = await reviewDetail(getDb(), user, pathId(params.readingId, 'readingId'));
		// Read-only roles (readings.access only) see the reading without the forms.
		return { ...detail, canEdit: canManageReadings(user.permissions) };
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.message);
		throw err;
	}
};

/**
 * One form action: parse the form with the schema, run the service, and hand a refusal back
 * to the form (its field, reason and the values typed) rather than throwing it.
 */
async function act<S extends v.GenericSchema, T>(
	action: string,
	request: Request,
	schema: S,
	run: (input: v.InferOutput<S>) => Promise<T>
) {
	const form = await request.formData();
	const values = Object.fromEntries(
		[...form].filter((e): e is [string, string] => typeof e[1] === 'string')
	);
	try {
		return { action, result: await run(parseInput(schema, values)) };
	} catch (err) {
		if (!(err instanceof RequestError)) throw err;
		return fail(err.status, { action, field: err.field, error: err.reason, values });
	}
}

const idOf = (params: { readingId: string }) => pathId(params.readingId, 'readingId');

// Every action needs readings.edit (the guard: a form action whose name does not start with
// create/delete/print/export is an edit). The order actions are named order… on purpose, not
// create…: createX would need readings.create, which billing clerks, who review readings,
// do not have; ordering a re-read is part of editing the reading's review.
export const actions: Actions = {
	accept: ({ request, params, locals }) =>
		act('accept', request, acceptSchema, (input) =>
			acceptReading(getDb(), locals.user!, idOf(params), input)
		),
	correct: ({ request, params, locals }) =>
		act('correct', request, correctSchema, (input) =>
			correctReading(getDb(), locals.user!, idOf(params), input)
		),
	estimate: ({ request, params, locals }) =>
		act('estimate', request, estimateSchema, (input) =>
			estimateReading(getDb(), locals.user!, idOf(params), input)
		),
	orderReRead: ({ request, params, locals }) =>
		act('order', request, orderSchema, () =>
			orderForReading(getDb(), locals.user!, idOf(params), 're_read')
		),
	orderInspection: ({ request, params, locals }) =>
		act('order', request, orderSchema, () =>
			orderForReading(getDb(), locals.user!, idOf(params), 'inspection')
		),
	applyReRead: ({ request, params, locals }) =>
		act('correct', request, applyReReadSchema, (input) =>
			applyReRead(getDb(), locals.user!, idOf(params), input)
		),
	addBackBilling: ({ request, params, locals }) =>
		act('backBilling', request, backBillingSchema, (input) =>
			addBackBilling(getDb(), locals.user!, idOf(params), input)
		)
};
