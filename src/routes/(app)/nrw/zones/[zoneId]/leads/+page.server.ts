import { error, fail } from '@sveltejs/kit';
import { leadKinds, type LeadKind } from '#lib/domain/nrw-leads/rules.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError, pathId } from '#lib/server/http/refusal.ts';
import {
	LeadError,
	createInspectionSchema,
	parseLeadInput
} from '#lib/server/nrw/leads.schemas.ts';
import {
	createInspection,
	mayCreateOrders,
	referenceMonth,
	zoneLeads
} from '#lib/server/nrw/leads.service.ts';
import type { Actions, PageServerLoad } from './$types';

// nrw.access is checked by the guard (every /nrw route is the nrw module).
export const load: PageServerLoad = async ({ params, url, locals, parent }) => {
	const db = getDb();
	try {
		const zoneId = pathId(params.zoneId, 'zoneId');
		const month = await referenceMonth(db, url.searchParams.get('month'));
		const [leads, above] = await Promise.all([zoneLeads(db, zoneId, month), parent()]);
		const asked = url.searchParams.get('kind');
		const kind: LeadKind = leadKinds.includes(asked as LeadKind)
			? (asked as LeadKind)
			: (leadKinds.find((k) => leads.kinds[k].total > 0) ?? leadKinds[0]);
		// Under the NRW zone layout (its own h1 and tabs) the page heading is an h2 and the
		// back link is the layout's; alone, the page brings both itself.
		const inZoneLayout = 'zone' in above;
		return { ...leads, kind, inZoneLayout, canCreate: mayCreateOrders(locals.user!) };
	} catch (err) {
		if (err instanceof RequestError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
};

// createInspection: the guard asks nrw.create (a form action named create… needs create);
// the service also asks work_orders.create on every route, as creating any order does.
export const actions: Actions = {
	createInspection: async ({ request, params, locals }) => {
		const form = await request.formData();
		const values = Object.fromEntries(
			[...form].filter((e): e is [string, string] => typeof e[1] === 'string')
		);
		const row = { customerId: values.customerId ?? '', kind: values.kind ?? '' };
		try {
			const zoneId = pathId(params.zoneId, 'zoneId');
			const input = parseLeadInput(createInspectionSchema, values);
			const order = await createInspection(getDb(), locals.user!, zoneId, input);
			return { ...row, order };
		} catch (err) {
			if (!(err instanceof RequestError)) throw err;
			return fail(err.status, {
				...row,
				field: err.field,
				error: err.reason,
				existing: err instanceof LeadError ? (err.order ?? null) : null
			});
		}
	}
};
