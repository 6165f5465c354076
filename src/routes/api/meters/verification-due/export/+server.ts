import { PassThrough, Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { utilityDate } from '#lib/domain/time/utility-date.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { MeterInputError, dueFilter, parseDueQuery } from '#lib/server/meters/meters.service.ts';
import { dueFileName, writeVerificationDueXlsx } from '#lib/server/meters/verification-due-xlsx.ts';
import type { RequestHandler } from './$types';

// The guard asks meters.export for a route ending in /export; route scope is in the filter.
export const GET: RequestHandler = async ({ url, locals }) => {
	const db = getDb();
	const today = utilityDate();
	let filter;
	try {
		filter = dueFilter(locals.user!, parseDueQuery(url.searchParams), today);
	} catch (err) {
		if (err instanceof MeterInputError) error(400, err.message);
		throw err;
	}
	const out = new PassThrough();
	writeVerificationDueXlsx(db, filter, today, out).catch((err: unknown) => {
		console.error('verification-due export failed', err);
		out.destroy(err instanceof Error ? err : new Error(String(err)));
	});
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${dueFileName(today)}"`,
			'cache-control': 'no-store'
		}
	});
};
