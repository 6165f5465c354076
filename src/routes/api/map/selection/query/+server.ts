import { error, json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { querySelection } from '#lib/server/map/selection.service.ts';
import type { RequestHandler } from './$types';

// A read sent as POST (the polygon is too large for a URL): the guard asks only map.access.
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await request.json().catch(() => error(400, 'body: not valid JSON'));
	const outcome = await querySelection(getDb(), locals.user!, body);
	if (!outcome.ok) error(outcome.status, outcome.message);
	return json(outcome.value);
};
