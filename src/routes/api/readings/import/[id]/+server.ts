import { error, json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { batchFor } from '#lib/server/import/import.service.ts';
import type { RequestHandler } from './$types';

/** A readings batch's status, counts and progress. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a batch id');
	const batch = await batchFor(getDb(), locals.user!, id, 'readings');
	if (!batch) error(404, 'batch not found');
	return json(batch);
};
