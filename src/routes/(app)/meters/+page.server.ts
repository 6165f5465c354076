import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { zonesAndRoutes } from '#lib/server/meters/meters.repository.ts';
import { loadError } from '#lib/server/meters/meters.http.ts';
import {
	DUE_PAGE_SIZE,
	parseDueQuery,
	searchMeters,
	verificationDue
} from '#lib/server/meters/meters.service.ts';
import type { PageServerLoad } from './$types';

// meters.access is checked by the guard; route scope by the service and repository.
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user!;
	const db = getDb();
	try {
		const query = parseDueQuery(url.searchParams);
		const serial = (url.searchParams.get('serial') ?? '').slice(0, 40);
		const [due, lists, found] = await Promise.all([
			verificationDue(db, user, query),
			zonesAndRoutes(db, user.routeIds),
			serial ? searchMeters(db, user, serial) : Promise.resolve(null)
		]);
		return {
			query,
			serial,
			due,
			pageSize: DUE_PAGE_SIZE,
			...lists,
			found,
			canExport: can(user.permissions, 'meters', 'export')
		};
	} catch (err) {
		loadError(err);
	}
};
