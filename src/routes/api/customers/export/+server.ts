import { PassThrough, Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import {
	customersExportFileName,
	writeCustomersXlsx
} from '#lib/server/customers/customers-xlsx.ts';
import { prepareList } from '#lib/server/customers/customers.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { RequestHandler } from './$types';

// The guard asks customers.export for a route ending in /export; route scope is the service's.
// Same query string as the list page, so the file holds exactly the filtered list.
export const GET: RequestHandler = async ({ url, locals }) => {
	const prepared = await prepareList(locals.user!, url.searchParams);
	if (!prepared.ok) error(prepared.status, prepared.message);
	const out = new PassThrough();
	writeCustomersXlsx(getDb(), prepared.value, out).catch((err: unknown) => {
		console.error('customers export failed', err);
		out.destroy(err instanceof Error ? err : new Error(String(err)));
	});
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${customersExportFileName(new Date())}"`,
			'cache-control': 'no-store'
		}
	});
};
