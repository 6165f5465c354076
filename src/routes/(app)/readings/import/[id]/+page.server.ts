import { error, fail } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import {
	cancelImport,
	PAGE_SIZE,
	previewPage,
	requestCommit
} from '#lib/server/import/import.service.ts';
import { readingsBatch } from '#lib/server/readings/import/readings-import.service.ts';
import type { Actions, PageServerLoad } from './$types';

function batchId(raw: string): number {
	const id = Number(raw);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a batch id');
	return id;
}

const filters = ['create', 'update', 'error'] as const;

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const id = batchId(params.id);
	const db = getDb();
	const found = await readingsBatch(db, locals.user!, id);
	if (!found) error(404, 'batch not found');
	const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
	const raw = url.searchParams.get('action');
	const action = filters.find((f) => f === raw) ?? null;
	const rows = await previewPage(db, id, page, action);
	return {
		batch: found.batch,
		periodMonth: found.period?.period_month ?? null,
		flagged: found.flagged,
		rows,
		page,
		action,
		pageSize: PAGE_SIZE
	};
};

// Not named create…: the guard asks these for readings.edit, which receiving readings needs.
export const actions: Actions = {
	commit: async ({ params, locals }) => {
		const r = await requestCommit(getDb(), locals.user!, batchId(params.id), 'readings');
		if (!r.ok) return fail(r.status, { error: r.message });
		return { committing: true };
	},
	cancel: async ({ params, locals }) => {
		const r = await cancelImport(getDb(), locals.user!, batchId(params.id), 'readings');
		if (!r.ok) return fail(r.status, { error: r.message });
		return { cancelled: true };
	}
};
