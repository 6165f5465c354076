import { pathId } from '#lib/server/http/refusal.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { loadNrw } from '#lib/server/nrw/nrw.http.ts';
import { chosenMonth, zoneHeadOrThrow } from '#lib/server/nrw/views.service.ts';
import type { LayoutServerLoad } from './$types';

// Every tab of a zone goes through here: 404 for an unknown zone, 400 for a malformed
// ?month=; the month is ?month=YYYY-MM or the default month ('YYYY-MM-01', null if none).
export const load: LayoutServerLoad = ({ params, url }) =>
	loadNrw(async () => {
		const db = getDb();
		const zone = await zoneHeadOrThrow(db, pathId(params.zoneId, 'zoneId'));
		const month = await chosenMonth(db, url.searchParams.get('month'));
		return { zone, month };
	});
