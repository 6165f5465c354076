import { error, fail } from '@sveltejs/kit';
import { canManageReadings } from '#lib/domain/access/permissions.ts';
import { scheduleWindow } from '#lib/domain/readings/schedule.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { editSchedule, periodDetail } from '#lib/server/readings/periods.service.ts';
import type { Actions, PageServerLoad } from './$types';

const asHttp = (err: unknown): never => {
	if (err instanceof RequestError) error(err.status, err.reason);
	throw err;
};

export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	const detail = await (async () =>
		periodDetail(getDb(), user, pathId(params.periodId, 'periodId')))().catch(asHttp);
	return {
		...detail,
		window: scheduleWindow(detail.period.period_month),
		canEdit: canManageReadings(user.permissions) && detail.period.status !== 'locked'
	};
};

export const actions: Actions = {
	// readings.edit, checked by the guard; route scope and the period's state by the service.
	schedule: async ({ request, params, locals }) => {
		const form = await request.formData();
		const reader = String(form.get('readerId') ?? '');
		const routeId = String(form.get('routeId') ?? '');
		try {
			const saved = await editSchedule(getDb(), locals.user!, {
				periodId: params.periodId,
				routeId,
				plannedOn: String(form.get('plannedOn') ?? ''),
				readerId: reader === '' ? null : reader
			});
			return { routeId: saved?.route_id ?? null };
		} catch (err) {
			if (!(err instanceof RequestError)) throw err;
			return fail(err.status, { routeId: Number(routeId), field: err.field, reason: err.reason });
		}
	}
};
