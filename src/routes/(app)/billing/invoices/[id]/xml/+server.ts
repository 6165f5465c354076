import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { invoiceXml } from '#lib/server/invoices/export.service.ts';
import type { RequestHandler } from './$types';

// The guard checks billing.access; the e-invoice XML leaves for the provider: billing.export.
export const GET: RequestHandler = async ({ params, locals }) => {
	const user = locals.user!;
	if (!can(user.permissions, 'billing', 'export')) error(403, 'billing.export');
	try {
		const { fileName, xml } = await invoiceXml(getDb(), user, pathId(params.id));
		return new Response(xml, {
			headers: {
				'content-type': 'application/xml; charset=utf-8',
				'content-disposition': `attachment; filename="${fileName}"`
			}
		});
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
