import { error, fail } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import {
	batchFor,
	cancelImport,
	PAGE_SIZE,
	previewPage,
	requestCommit
} from '#lib/server/import/import.service.ts';
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
	const batch = await batchFor(db, locals.user!, id);
	if (!batch) error(404, 'batch not found');
	const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
	const raw = url.searchParams.get('action');
	const action = filters.find((f) => f === raw) ?? null;
	const rows = await previewPage(db, id, page, action);
	return { batch, rows, page, action, pageSize: PAGE_SIZE };
};

export const actions: Actions = {
	// Named create…: the guard asks for customers.create, as creating customers needs.
	createCommit: async ({ params, locals }) => {
		const r = await requestCommit(getDb(), locals.user!, batchId(params.id));
		if (!r.ok) return fail(r.status, { error: r.message });
		return { committing: true };
	},
	cancel: async ({ params, locals }) => {
		const r = await cancelImport(getDb(), locals.user!, batchId(params.id));
		if (!r.ok) return fail(r.status, { error: r.message });
		return { cancelled: true };
	}
};
