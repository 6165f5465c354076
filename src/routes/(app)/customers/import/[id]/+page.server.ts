import { error, fail } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import {
	batchFor,
	cancelImport,
	PAGE_SIZE,
	previewPage,
	requestCommit
} from '#lib/server/import/import.service.ts';
import { batchIdParam, previewParams } from '#lib/server/import/preview-params.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const id = batchIdParam(params.id);
	const db = getDb();
	const batch = await batchFor(db, locals.user!, id);
	if (!batch) error(404, 'batch not found');
	const { page, action } = previewParams(url);
	const rows = await previewPage(db, id, page, action);
	return { batch, rows, page, action, pageSize: PAGE_SIZE };
};

export const actions: Actions = {
	// Named create…: the guard asks for customers.create, as creating customers needs.
	createCommit: async ({ params, locals }) => {
		const r = await requestCommit(getDb(), locals.user!, batchIdParam(params.id));
		if (!r.ok) return fail(r.status, { error: r.message });
		return { committing: true };
	},
	cancel: async ({ params, locals }) => {
		const r = await cancelImport(getDb(), locals.user!, batchIdParam(params.id));
		if (!r.ok) return fail(r.status, { error: r.message });
		return { cancelled: true };
	}
};
