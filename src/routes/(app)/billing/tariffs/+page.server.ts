import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { listSchedules } from '#lib/server/tariffs/tariffs.service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const schedules = await listSchedules(getDb());
	const created = Number(url.searchParams.get('created'));
	return {
		// Newest first: the upcoming and current decisions lead.
		schedules: schedules.reverse(),
		created: schedules.find((s) => s.id === created)?.code ?? null,
		deleted: url.searchParams.get('deleted'),
		canEdit: can(locals.user!.permissions, 'billing', 'edit')
	};
};
