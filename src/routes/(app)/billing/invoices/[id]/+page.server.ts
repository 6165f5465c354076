import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import {
	adjustInvoice,
	reprintInvoice,
	voidInvoice
} from '#lib/server/invoices/changes.service.ts';
import {
	adjustSchema,
	parseInvoiceInput,
	voidSchema
} from '#lib/server/invoices/invoices.schemas.ts';
import { issueOne } from '#lib/server/invoices/issue.service.ts';
import { invoiceDetail } from '#lib/server/invoices/lookup.service.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import type { Actions, PageServerLoad } from './$types';

// billing.access is checked by the guard, route scope by the service. Issue, void and adjust
// are form actions needing billing.edit; printCopy needs billing.print (its name says print).
export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	try {
		return {
			...(await invoiceDetail(getDb(), user, pathId(params.id))),
			canEdit: can(user.permissions, 'billing', 'edit'),
			canPrint: can(user.permissions, 'billing', 'print'),
			canExport: can(user.permissions, 'billing', 'export')
		};
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};

/** Runs an action; a refusal goes back to the form with the action's name. */
async function act<T>(action: string, run: () => Promise<T>) {
	try {
		return await run();
	} catch (err) {
		if (!(err instanceof RequestError)) throw err;
		return fail(err.status, { action, field: err.field, reason: err.reason });
	}
}

const form = async (request: Request) => Object.fromEntries(await request.formData());

export const actions: Actions = {
	issue: ({ params, locals }) =>
		act('issue', async () => {
			const issued = await issueOne(getDb(), locals.user!, pathId(params.id));
			return { action: 'issue', number: issued.first, series: issued.series };
		}),
	void: ({ request, params, locals }) =>
		act('void', async () => {
			const { reason } = parseInvoiceInput(voidSchema, await form(request));
			await voidInvoice(getDb(), locals.user!, pathId(params.id), reason);
			return { action: 'void' };
		}),
	adjust: async ({ request, params, locals }) => {
		const result = await act('adjust', async () => {
			const input = parseInvoiceInput(adjustSchema, await form(request));
			return adjustInvoice(getDb(), locals.user!, pathId(params.id), input);
		});
		if ('id' in result) redirect(303, `/billing/invoices/${result.id}`);
		return result;
	},
	printCopy: async ({ params, locals }) => {
		const id = pathId(params.id);
		const result = await act('printCopy', () => reprintInvoice(getDb(), locals.user!, id));
		if (typeof result === 'number') redirect(303, `/billing/invoices/${id}/print`);
		return result;
	}
};
