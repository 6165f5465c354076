import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { getDb } from '#lib/server/db/connection.ts';
import { tileFor, tileParamsSchema } from '#lib/server/map/map.service.ts';
import type { RequestHandler } from './$types';

// Permission (map.access) is checked by the guard in hooks.server.ts; route scope by the service.
export const GET: RequestHandler = async ({ params, locals }) => {
	const parsed = v.safeParse(tileParamsSchema, params);
	if (!parsed.success) error(400, parsed.issues.map((i) => i.message).join('; '));
	const body = await tileFor(getDb(), locals.user!, parsed.output);
	return new Response(body as BodyInit, {
		headers: {
			'content-type': 'application/vnd.mapbox-vector-tile',
			'cache-control': 'private, max-age=60'
		}
	});
};
