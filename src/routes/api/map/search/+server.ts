import { error, json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { searchForMap } from '#lib/server/map/search.service.ts';
import type { RequestHandler } from './$types';

// map.access is checked by the guard in hooks.server.ts; route scope by the service.
export const GET: RequestHandler = async ({ url, locals }) => {
	const outcome = await searchForMap(getDb(), locals.user!, url.searchParams.get('q') ?? '');
	if (!outcome.ok) error(outcome.status, outcome.message);
	return json({ results: outcome.results });
};
