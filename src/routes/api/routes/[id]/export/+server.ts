import { PassThrough, Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { routeSheetFileName, writeRouteXlsx } from '#lib/server/routes/route-xlsx.ts';
import { routeWithCustomers } from '#lib/server/routes/routes.service.ts';
import type { RequestHandler } from './$types';

// The guard asks routes.export for a path ending in /export; route scope is the service's.
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a route id');
	const found = await routeWithCustomers(getDb(), locals.user!, id);
	if (!found) error(404, 'id: no such route');
	const out = new PassThrough();
	writeRouteXlsx(found.route, found.customers, out).catch((err: unknown) => {
		console.error('route export failed', err);
		out.destroy(err instanceof Error ? err : new Error(String(err)));
	});
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${routeSheetFileName(found.route.code)}"`,
			'cache-control': 'no-store'
		}
	});
};
