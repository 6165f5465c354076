import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError } from '#lib/server/http/refusal.ts';
import { batchXmlZip } from '#lib/server/invoices/export.service.ts';
import { parseInvoiceInput } from '#lib/server/invoices/invoices.schemas.ts';
import type { RequestHandler } from './$types';

const idText = (label: string) =>
	v.pipe(
		v.string(`${label} phải là số`),
		v.regex(/^\d{1,9}$/, `${label} phải là số`),
		v.transform(Number)
	);
const exportSchema = v.object({ period: idText('kỳ'), route: v.optional(idText('tuyến')) });

// Every issued invoice of a period (optionally a route) as a zip of e-invoice XML files;
// the guard checks billing.access, this needs billing.export; scope is the service's.
export const GET: RequestHandler = async ({ url, locals }) => {
	const user = locals.user!;
	if (!can(user.permissions, 'billing', 'export')) error(403, 'billing.export');
	try {
		const q = parseInvoiceInput(exportSchema, Object.fromEntries(url.searchParams));
		const { zip } = await batchXmlZip(getDb(), user, q.period, q.route);
		const name = `hoa-don-ky-${q.period}${q.route ? `-tuyen-${q.route}` : ''}.zip`;
		return new Response(new Uint8Array(zip), {
			headers: {
				'content-type': 'application/zip',
				'content-disposition': `attachment; filename="${name}"`
			}
		});
	} catch (err) {
		if (err instanceof RequestError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
};
