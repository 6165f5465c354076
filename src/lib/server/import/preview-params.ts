/** The preview pages' URL: the batch id in the path, the page and the outcome filter in the query. */
import { error } from '@sveltejs/kit';

const outcomes = ['create', 'update', 'error'] as const;

export function batchIdParam(raw: string): number {
	const id = Number(raw);
	if (!Number.isInteger(id) || id < 1) error(400, 'id: not a batch id');
	return id;
}

export function previewParams(url: URL) {
	const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
	const raw = url.searchParams.get('action');
	return { page, action: outcomes.find((f) => f === raw) ?? null };
}
