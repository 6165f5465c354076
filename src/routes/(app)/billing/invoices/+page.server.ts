import { error, fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import {
	bulkIssueSchema,
	InvoiceError,
	lookupSchema,
	parseInvoiceInput
} from '#lib/server/invoices/invoices.schemas.ts';
import { issueBulk } from '#lib/server/invoices/issue.service.ts';
import { lookupInvoices } from '#lib/server/invoices/lookup.service.ts';
import type { Actions, PageServerLoad } from './$types';

// billing.access is checked by the guard, route scope by the service.
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user!;
	try {
		const filter = parseInvoiceInput(lookupSchema, Object.fromEntries(url.searchParams));
		return {
			filter,
			...(await lookupInvoices(getDb(), user, filter)),
			canEdit: can(user.permissions, 'billing', 'edit'),
			canExport: can(user.permissions, 'billing', 'export')
		};
	} catch (err) {
		if (err instanceof InvoiceError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
};

export const actions: Actions = {
	/** Issues every issuable draft of a period (optionally one route): needs billing.edit. */
	issue: async ({ request, locals }) => {
		try {
			const input = parseInvoiceInput(
				bulkIssueSchema,
				Object.fromEntries(await request.formData())
			);
			const issued = await issueBulk(getDb(), locals.user!, input);
			return {
				issued: {
					count: issued.count,
					series: issued.series,
					first: issued.first,
					last: issued.last
				}
			};
		} catch (err) {
			if (!(err instanceof InvoiceError)) throw err;
			return fail(err.status, { field: err.field, reason: err.reason });
		}
	}
};
