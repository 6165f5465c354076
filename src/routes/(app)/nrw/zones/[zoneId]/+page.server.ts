import { pathId } from '#lib/server/http/refusal.ts';
import { fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { loadNrw } from '#lib/server/nrw/nrw.http.ts';
import {
	NrwSettingsError,
	saveZoneSettings,
	settingsForm
} from '#lib/server/nrw/settings.service.ts';
import { zonePage } from '#lib/server/nrw/views.service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { zone, month } = await parent();
	const perms = locals.user!.permissions;
	return loadNrw(async () => {
		const view = await zonePage(getDb(), zone.id, month);
		return {
			...view,
			settingsForm: settingsForm(view.settings),
			canEdit: can(perms, 'nrw', 'edit'),
			canExport: can(perms, 'nrw', 'export')
		};
	});
};

// ?/saveSettings needs nrw.edit (the guard). Layout loads do not run before an action, so the
// zone is checked again inside the service's transaction.
export const actions: Actions = {
	saveSettings: async ({ request, params, locals }) => {
		const values = Object.fromEntries(await request.formData());
		try {
			const zoneId = pathId(params.zoneId, 'zoneId');
			await saveZoneSettings(getDb(), locals.user!.id, zoneId, values);
			return { saved: true };
		} catch (err) {
			if (err instanceof NrwSettingsError)
				return fail(err.status, {
					values: values as Record<string, string>,
					errors: { [err.field]: err.reason },
					error: err.reason
				});
			throw err;
		}
	}
};
