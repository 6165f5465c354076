import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { printedInvoice } from '#lib/domain/invoices/print.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { invoiceDocument } from '#lib/server/invoices/lookup.service.ts';
import type { PageServerLoad } from './$types';

// The guard checks billing.access (and still runs: this page only resets the layout to the
// root's, so no app chrome prints); printing needs billing.print.
export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	if (!can(user.permissions, 'billing', 'print')) error(403, 'billing.print');
	try {
		const id = pathId(params.id);
		const doc = await invoiceDocument(getDb(), user, id);
		return { id, printed: printedInvoice(doc) };
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
