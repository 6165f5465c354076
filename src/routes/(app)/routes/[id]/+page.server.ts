import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import {
	moveCustomers,
	moveSchema,
	renumberRoute,
	reorderRoute,
	reorderSchema,
	routeDetail,
	type RouteOutcome
} from '#lib/server/routes/routes.service.ts';
import type { Actions, PageServerLoad } from './$types';

function routeId(raw: string): number {
	const id = Number(raw);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a route id');
	return id;
}

const ids = (values: FormDataEntryValue[]) =>
	values
		.flatMap((x) => String(x).split(','))
		.filter(Boolean)
		.map(Number);

export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	const detail = await routeDetail(getDb(), user, routeId(params.id));
	if (!detail.ok) error(detail.status, detail.reason);
	return {
		...detail.value,
		canEdit: can(user.permissions, 'routes', 'edit'),
		canExport: can(user.permissions, 'routes', 'export')
	};
};

/** A refusal for the form: status, the field at fault and the reason (the page words it). */
function refused(action: string, outcome: Extract<RouteOutcome<unknown>, { ok: false }>) {
	return fail(outcome.status, { action, field: outcome.field, reason: outcome.reason });
}
function invalid(action: string, issues: v.BaseIssue<unknown>[]) {
	const field = issues.map((i) => v.getDotPath(i) ?? 'form').join(', ');
	return fail(400, { action, field, reason: 'input' as const });
}

export const actions: Actions = {
	// Not named create/delete/export: the guard asks routes.edit.
	move: async ({ request, params, locals }) => {
		const form = await request.formData();
		const after = String(form.get('afterCustomerId') ?? '');
		const parsed = v.safeParse(moveSchema, {
			customerIds: ids(form.getAll('customerIds')),
			targetRouteId: Number(form.get('targetRouteId') || params.id),
			afterCustomerId: after ? Number(after) : null
		});
		if (!parsed.success) return invalid('move', parsed.issues);
		const outcome = await moveCustomers(getDb(), locals.user!, parsed.output);
		if (!outcome.ok) return refused('move', outcome);
		return { action: 'move', ...outcome.value };
	},
	renumber: async ({ params, locals }) => {
		const outcome = await renumberRoute(getDb(), locals.user!, routeId(params.id));
		if (!outcome.ok) return refused('renumber', outcome);
		return { action: 'renumber', ...outcome.value, renumbered: true };
	},
	reorder: async ({ request, params, locals }) => {
		const form = await request.formData();
		const parsed = v.safeParse(reorderSchema, { order: ids(form.getAll('order')) });
		if (!parsed.success) return invalid('reorder', parsed.issues);
		const outcome = await reorderRoute(
			getDb(),
			locals.user!,
			routeId(params.id),
			parsed.output.order
		);
		if (!outcome.ok) return refused('reorder', outcome);
		return { action: 'reorder', ...outcome.value };
	}
};
