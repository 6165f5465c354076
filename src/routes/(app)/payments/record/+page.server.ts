import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { utilityDate } from '#lib/domain/time/utility-date.ts';
import { getDb } from '#lib/server/db/connection.ts';
import {
	PaymentError,
	parsePaymentInput,
	recordSchema,
	routePageSchema
} from '#lib/server/payments/payments.schemas.ts';
import {
	applyRouteCredits,
	recordPayments,
	recordSheet
} from '#lib/server/payments/record.service.ts';
import type { Actions, PageServerLoad } from './$types';

// payments.access is checked by the guard; route scope by the service.
export const load: PageServerLoad = async ({ url, locals }) => {
	try {
		const choice = parsePaymentInput(routePageSchema, Object.fromEntries(url.searchParams));
		return {
			...(await recordSheet(getDb(), locals.user!, choice)),
			today: utilityDate(),
			// One per page load: a double click or a retry of this submission pays once.
			clientKey: randomUUID(),
			canRecord: can(locals.user!.permissions, 'payments', 'create')
		};
	} catch (err) {
		if (err instanceof PaymentError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
};

/**
 * The sheet posts one field pair per customer: `full.<id>` (checkbox) and `amount.<id>` (text,
 * vi-VN grouping allowed). Rows with neither are not part of the submission.
 */
function rowsOf(form: FormData) {
	const rows = new Map<number, { customerId: number; full: boolean; amount: string }>();
	for (const [key, value] of form) {
		const match = /^(full|amount)\.(\d{1,10})$/.exec(key);
		if (!match || typeof value !== 'string') continue;
		const customerId = Number(match[2]);
		const row = rows.get(customerId) ?? { customerId, full: false, amount: '' };
		if (match[1] === 'full') row.full = value === 'on';
		else row.amount = value.trim();
		rows.set(customerId, row);
	}
	return [...rows.values()].filter((r) => r.full || r.amount !== '');
}

const refusal = (err: unknown) => {
	if (!(err instanceof PaymentError)) throw err;
	return fail(err.status, { field: err.field, error: err.reason });
};

export const actions: Actions = {
	// Named create…: the guard asks payments.create, which cashiers have.
	createPayments: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			const input = parsePaymentInput(recordSchema, {
				clientKey: form.get('clientKey'),
				periodId: form.get('periodId'),
				routeId: form.get('routeId'),
				method: form.get('method'),
				receivedOn: form.get('receivedOn'),
				reference: form.get('reference') ?? '',
				rows: rowsOf(form)
			});
			const done = await recordPayments(getDb(), locals.user!, input);
			return {
				replayed: done.replayed,
				receipts: done.receipts.map((r) => ({ id: r.id, number: r.number, code: r.customerCode }))
			};
		} catch (err) {
			return refusal(err);
		}
	},
	createCredits: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			const { period, route } = parsePaymentInput(routePageSchema, {
				period: form.get('periodId'),
				route: form.get('routeId')
			});
			if (period === undefined || route === undefined)
				throw new PaymentError(400, 'routeId', 'chọn kỳ và tuyến');
			return { credits: await applyRouteCredits(getDb(), locals.user!, period, route) };
		} catch (err) {
			return refusal(err);
		}
	}
};
