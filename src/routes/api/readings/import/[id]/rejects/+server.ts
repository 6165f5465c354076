import { error } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { rejectsResponse } from '#lib/server/import/downloads.ts';
import { batchFor } from '#lib/server/import/import.service.ts';
import type { RequestHandler } from './$types';

/** The annotated workbook of a committed readings batch's rejected rows. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a batch id');
	const batch = await batchFor(getDb(), locals.user!, id, 'readings');
	if (!batch?.rejectsStorageKey) error(404, 'no rejected rows for this batch');
	return rejectsResponse({ ...batch, rejectsStorageKey: batch.rejectsStorageKey });
};
