import { getDb } from '#lib/server/db/connection.ts';
import { recentBatches } from '#lib/server/import/import.service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	batches: await recentBatches(getDb(), locals.user!)
});
