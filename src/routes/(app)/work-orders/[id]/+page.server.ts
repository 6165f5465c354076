import { RequestError } from '#lib/server/http/refusal.ts';
import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { reassignable, type WorkOrderStatus } from '#lib/domain/work-orders/workflow.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId } from '#lib/server/work-orders/work-orders.http.ts';
import { parseInput, transitionSchema } from '#lib/server/work-orders/work-orders.schemas.ts';
import {
	assignOrders,
	fieldStaff,
	getOrder,
	isDispatcher,
	suggestStaff,
	transitionOrder
} from '#lib/server/work-orders/work-orders.service.ts';
import type { Actions, PageServerLoad } from './$types';

const asHttp = (err: unknown): never => {
	if (err instanceof RequestError) error(err.status, err.message);
	throw err;
};

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const user = locals.user!;
	const db = getDb();
	const id = (() => {
		try {
			return pathId(params.id);
		} catch (err) {
			return asHttp(err);
		}
	})();
	const detail = await getOrder(db, user, id).catch(asHttp);
	const dispatcher = isDispatcher(user);
	const canReassign = dispatcher && reassignable.includes(detail.order.status as WorkOrderStatus);
	const [suggestions, staff] = await Promise.all([
		canReassign ? suggestStaff(db, user, id) : Promise.resolve([]),
		canReassign ? fieldStaff(db) : Promise.resolve([])
	]);
	return {
		...detail,
		dispatcher,
		canReassign,
		suggestions,
		staff,
		createdFrom: url.searchParams.get('from'),
		// One key per page view: a double-submitted verify or cancel is applied once.
		actionKey: randomUUID(),
		now: new Date().toISOString()
	};
};

async function run(action: string, work: () => Promise<unknown>) {
	try {
		await work();
		return { action, saved: true };
	} catch (err) {
		if (!(err instanceof RequestError)) throw err;
		return fail(err.status, { action, field: err.field, error: err.message });
	}
}

const formId = (raw: FormDataEntryValue | null) =>
	typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;

export const actions: Actions = {
	// work_orders.edit is checked by the guard; the dispatcher role by the service.
	assign: async ({ params, request, locals }) => {
		const form = await request.formData();
		const staffId = formId(form.get('staffId'));
		if (staffId === null)
			return fail(400, { action: 'assign', field: 'staffId', error: 'staffId: required' });
		return run('assign', () => assignOrders(getDb(), locals.user!, [pathId(params.id)], staffId));
	},
	unassign: async ({ params, locals }) =>
		run('unassign', () => assignOrders(getDb(), locals.user!, [pathId(params.id)], null)),
	verify: async ({ params, request, locals }) => {
		const form = await request.formData();
		return run('verify', () =>
			transitionOrder(
				getDb(),
				locals.user!,
				pathId(params.id),
				parseInput(transitionSchema, {
					to: 'verified',
					idempotencyKey: form.get('key'),
					note: form.get('note') ?? undefined
				})
			)
		);
	},
	cancel: async ({ params, request, locals }) => {
		const form = await request.formData();
		return run('cancel', () =>
			transitionOrder(
				getDb(),
				locals.user!,
				pathId(params.id),
				parseInput(transitionSchema, {
					to: 'cancelled',
					idempotencyKey: form.get('key'),
					note: form.get('note') ?? undefined
				})
			)
		);
	}
};
