import { utilityDate } from '#lib/domain/time/utility-date.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { summaryFor } from '#lib/server/map/map.service.ts';
import { liveStaff } from '#lib/server/tracking/tracking.service.ts';
import type { PageServerLoad } from './$types';

// tracking.access is checked by the guard in hooks.server.ts; route scope by the service.
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const [staff, summary] = await Promise.all([liveStaff(getDb(), user), summaryFor(getDb(), user)]);
	// The map opens on the utility's extent; the positions then arrive live.
	return { staff, today: utilityDate(), bounds: summary.bbox };
};
