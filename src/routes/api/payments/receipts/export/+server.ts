import { PassThrough, Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { receiptReport } from '#lib/server/collections/cashier.service.ts';
import { receiptsFileName, writeReceiptsXlsx } from '#lib/server/collections/collections-xlsx.ts';
import {
	CollectionError,
	parseCollectionInput,
	receiptFilterSchema
} from '#lib/server/collections/collections.schemas.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { RequestHandler } from './$types';

// The guard asks payments.export for a route ending in /export; route scope is in the service.
export const GET: RequestHandler = async ({ url, locals }) => {
	let report;
	try {
		report = await receiptReport(
			getDb(),
			locals.user!,
			parseCollectionInput(receiptFilterSchema, Object.fromEntries(url.searchParams))
		);
	} catch (err) {
		if (err instanceof CollectionError) error(400, `${err.field}: ${err.reason}`);
		throw err;
	}
	const out = new PassThrough();
	writeReceiptsXlsx(report, out).catch((err: unknown) => {
		console.error('receipts export failed', err);
		out.destroy(err instanceof Error ? err : new Error(String(err)));
	});
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${receiptsFileName(report.from, report.to)}"`,
			'cache-control': 'no-store'
		}
	});
};
