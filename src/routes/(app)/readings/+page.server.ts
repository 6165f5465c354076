import { fail } from '@sveltejs/kit';
import { canManageReadings } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError } from '#lib/server/http/refusal.ts';
import {
	closePeriod,
	getRules,
	listPeriods,
	lockPeriod,
	monthAfter,
	openNextPeriod,
	reopenPeriod,
	updateRules
} from '#lib/server/readings/periods.service.ts';
import { monthLabel } from '#lib/server/readings/readings.service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const db = getDb();
	const periods = await listPeriods(db, user);
	return {
		periods,
		// The month "open next" would open (the one after the latest period).
		nextMonth: monthLabel(monthAfter(periods[0])),
		rules: await getRules(db),
		canEdit: canManageReadings(user.permissions)
	};
};

/** Runs a service call; a refusal goes back to the form with its field and reason. */
async function run(action: string, work: () => Promise<{ period_month?: string } | unknown>) {
	try {
		const done = (await work()) as { period_month?: string } | undefined;
		return { action, month: done?.period_month ? monthLabel(done.period_month) : null };
	} catch (err) {
		if (!(err instanceof RequestError)) throw err;
		return fail(err.status, { action, field: err.field, reason: err.reason });
	}
}

async function periodIdOf(request: Request): Promise<number> {
	const raw = String((await request.formData()).get('periodId') ?? '');
	if (!/^\d{1,9}$/.test(raw)) throw new RequestError(400, 'periodId', 'thiếu kỳ ghi');
	return Number(raw);
}

// None is named create*/delete*/export*/print*: the guard asks readings.edit for each.
export const actions: Actions = {
	openNext: ({ locals }) => run('open', () => openNextPeriod(getDb(), locals.user!)),
	close: ({ request, locals }) =>
		run('close', async () => closePeriod(getDb(), locals.user!, await periodIdOf(request))),
	reopen: ({ request, locals }) =>
		run('reopen', async () => reopenPeriod(getDb(), locals.user!, await periodIdOf(request))),
	lock: ({ request, locals }) =>
		run('lock', async () => lockPeriod(getDb(), locals.user!, await periodIdOf(request))),
	rules: async ({ request, locals }) => {
		const form = await request.formData();
		const text = (name: string) => String(form.get(name) ?? '');
		return run('rules', () =>
			updateRules(getDb(), locals.user!, {
				tolerancePct: text('tolerancePct'),
				toleranceM3: text('toleranceM3'),
				maxDistanceM: text('maxDistanceM'),
				photoRequired: form.get('photoRequired') === 'on',
				autoLockDays: text('autoLockDays')
			})
		);
	}
};
