import { error, fail } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import {
	cancelImport,
	PAGE_SIZE,
	previewPage,
	requestCommit
} from '#lib/server/import/import.service.ts';
import { batchIdParam, previewParams } from '#lib/server/import/preview-params.ts';
import { readingsBatch } from '#lib/server/readings/import/readings-import.service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const id = batchIdParam(params.id);
	const db = getDb();
	const found = await readingsBatch(db, locals.user!, id);
	if (!found) error(404, 'batch not found');
	const { page, action } = previewParams(url);
	return {
		batch: found.batch,
		periodMonth: found.period?.period_month ?? null,
		flagged: found.flagged,
		rows: await previewPage(db, id, page, action),
		page,
		action,
		pageSize: PAGE_SIZE
	};
};

// Not named create…: the guard asks these for readings.edit, which receiving readings needs.
export const actions: Actions = {
	commit: async ({ params, locals }) => {
		const r = await requestCommit(getDb(), locals.user!, batchIdParam(params.id), 'readings');
		if (!r.ok) return fail(r.status, { error: r.message });
		return { committing: true };
	},
	cancel: async ({ params, locals }) => {
		const r = await cancelImport(getDb(), locals.user!, batchIdParam(params.id), 'readings');
		if (!r.ok) return fail(r.status, { error: r.message });
		return { cancelled: true };
	}
};
