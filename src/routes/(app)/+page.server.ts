import * as v from 'valibot';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { summaryFor } from '#lib/server/map/map.service.ts';
import type { PageServerLoad } from './$types';

const basemapsSchema = v.array(
	v.object({ name: v.pipe(v.string(), v.minLength(1)), url: v.pipe(v.string(), v.url()) })
);

/** Online basemaps are opt-in: BASEMAP_STYLES='[{"name":"OSM","url":"https://…/style.json"}]'. */
function onlineBasemaps() {
	const raw = config().BASEMAP_STYLES;
	if (!raw) return [];
	try {
		return v.parse(basemapsSchema, JSON.parse(raw));
	} catch {
		console.warn('BASEMAP_STYLES: ignored, not a JSON array of {name, url}');
		return [];
	}
}

export const load: PageServerLoad = async ({ locals }) => {
	const summary = await summaryFor(getDb(), locals.user!);
	return { summary, basemaps: onlineBasemaps() };
};
