import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { invoicePdf } from '#lib/server/invoices/invoice-pdf.ts';
import { invoiceDocument } from '#lib/server/invoices/lookup.service.ts';
import { dataId } from '#lib/domain/invoices/einvoice-xml.ts';
import type { RequestHandler } from './$types';

// The guard checks billing.access; a PDF is a print, so it needs billing.print as well.
export const GET: RequestHandler = async ({ params, locals }) => {
	const user = locals.user!;
	if (!can(user.permissions, 'billing', 'print')) error(403, 'billing.print');
	try {
		const doc = await invoiceDocument(getDb(), user, pathId(params.id));
		const pdf = await invoicePdf(doc);
		const name = doc.series && doc.number ? dataId(doc.series, doc.number) : `nhap-${doc.id}`;
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `inline; filename="${name}.pdf"`,
				'cache-control': 'no-store'
			}
		});
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
