import { getDb } from '#lib/server/db/connection.ts';
import { recentBatches } from '#lib/server/import/import.service.ts';
import { uploadPeriods } from '#lib/server/readings/import/readings-import.service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const { periods, openId } = await uploadPeriods(db);
	return {
		batches: await recentBatches(db, locals.user!, 'readings'),
		periods: periods.map((p) => ({ id: p.id, month: p.period_month, status: p.status })),
		openId
	};
};
