import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { summaryFor } from '#lib/server/map/map.service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const summary = await summaryFor(getDb(), locals.user!);
	// Online basemaps are opt-in (BASEMAP_STYLES, validated at start); the default is offline.
	return { summary, basemaps: config().BASEMAP_STYLES };
};
