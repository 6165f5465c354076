import { parseSearchQuery, SEARCH_LIMIT } from '../../domain/search/search-query.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { searchCustomers, type SearchRow } from './search.repository.ts';

export type SearchOutcome =
	{ ok: true; results: SearchRow[] } | { ok: false; status: 400; message: string };

/** Customers matching what was typed, best first, within the user's route scope. */
export async function searchForMap(
	db: Database,
	user: SessionUser,
	q: string
): Promise<SearchOutcome> {
	const parsed = parseSearchQuery(q);
	if (!parsed.ok) return { ok: false, status: 400, message: parsed.message };
	if (!parsed.plan) return { ok: true, results: [] };
	return { ok: true, results: await searchCustomers(db, parsed.plan, user.routeIds, SEARCH_LIMIT) };
}
