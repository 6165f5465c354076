import { PassThrough, Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { utilityDate } from '#lib/domain/time/utility-date.ts';
import { listFilter } from '#lib/server/collections/cashier.service.ts';
import {
	collectionsFileName,
	writeCollectionsXlsx
} from '#lib/server/collections/collections-xlsx.ts';
import {
	CollectionError,
	collectionFilterSchema,
	parseCollectionInput
} from '#lib/server/collections/collections.schemas.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { RequestHandler } from './$types';

// The guard asks payments.export for a route ending in /export; route scope is in the filter.
export const GET: RequestHandler = ({ url, locals }) => {
	let filter;
	try {
		filter = listFilter(
			locals.user!,
			parseCollectionInput(collectionFilterSchema, Object.fromEntries(url.searchParams))
		);
	} catch (err) {
		if (err instanceof CollectionError) error(400, `${err.field}: ${err.reason}`);
		throw err;
	}
	const out = new PassThrough();
	writeCollectionsXlsx(getDb(), filter, out).catch((err: unknown) => {
		console.error('collections export failed', err);
		out.destroy(err instanceof Error ? err : new Error(String(err)));
	});
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${collectionsFileName(utilityDate())}"`,
			'cache-control': 'no-store'
		}
	});
};
