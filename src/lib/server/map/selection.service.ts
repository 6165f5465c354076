import { EXPORT_MAX_CUSTOMERS } from '../../domain/map/selection-export.ts';
import { parseSelection, type Selection } from '../../domain/map/selection.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './selection.repository.ts';

/** Customers listed in a selection answer; the counts cover all of them. */
export const SELECTION_LIST_LIMIT = 200;

export interface SelectionSummary {
	total: number;
	byCategory: Record<string, number>;
	byStatus: Record<string, number>;
	customers: {
		id: number;
		code: string;
		name: string;
		address: string;
		category: string;
		status: string;
	}[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400; message: string };

export function validateSelection(body: unknown): Outcome<Selection> {
	const parsed = parseSelection(body);
	return parsed.ok ? parsed : { ok: false, status: 400, message: parsed.message };
}

async function counts(db: Database, user: SessionUser, selection: Selection) {
	const rows = await repo.countSelection(db, selection, user.routeIds);
	const byCategory: Record<string, number> = {};
	const byStatus: Record<string, number> = {};
	let total = 0;
	for (const r of rows) {
		total += r.n;
		byCategory[r.category] = (byCategory[r.category] ?? 0) + r.n;
		byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
	}
	return { total, byCategory, byStatus };
}

/** Counts of the customers in the selection, and the first 200 of them by code. */
export async function querySelection(
	db: Database,
	user: SessionUser,
	body: unknown
): Promise<Outcome<SelectionSummary>> {
	const valid = validateSelection(body);
	if (!valid.ok) return valid;
	const [summary, customers] = await Promise.all([
		counts(db, user, valid.value),
		repo.listSelection(db, valid.value, user.routeIds, SELECTION_LIST_LIMIT)
	]);
	return { ok: true, value: { ...summary, customers } };
}

/**
 * Checks a selection before exporting it: valid, and at most 100,000 customers (a bigger
 * area is refused before a byte of the spreadsheet is written). Returns the total.
 * `maxCustomers` is a parameter so tests can reach the refusal without 100k rows.
 */
export async function prepareExport(
	db: Database,
	user: SessionUser,
	body: unknown,
	maxCustomers = EXPORT_MAX_CUSTOMERS
): Promise<Outcome<{ selection: Selection; total: number }>> {
	const valid = validateSelection(body);
	if (!valid.ok) return valid;
	const { total } = await counts(db, user, valid.value);
	if (total > maxCustomers)
		return {
			ok: false,
			status: 400,
			message: `polygon: ${total} customers selected, at most ${maxCustomers} can be exported; draw a smaller area`
		};
	return { ok: true, value: { selection: valid.value, total } };
}
