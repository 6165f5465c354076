import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { getDb } from '#lib/server/db/connection.ts';
import { customerCard } from '#lib/server/map/customer-card.service.ts';
import type { RequestHandler } from './$types';

// Customer ids are int4: at most 9 digits keeps the number in range.
const idSchema = v.pipe(
	v.string(),
	v.regex(/^\d{1,9}$/, 'id: must be a whole number'),
	v.transform(Number)
);

// map.access is checked by the guard in hooks.server.ts; route scope by the service (403).
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = v.safeParse(idSchema, params.id);
	if (!id.success) error(400, id.issues[0].message);
	const outcome = await customerCard(getDb(), locals.user!, id.output);
	if (!outcome.ok) error(outcome.status, outcome.message);
	return json(outcome.card);
};
