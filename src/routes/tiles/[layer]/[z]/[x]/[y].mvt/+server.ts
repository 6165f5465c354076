import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { getDbHandle } from '#lib/server/db/connection.ts';
import {
	OutOfScopeError,
	tileFiltersSchema,
	tileFor,
	tileParamsSchema
} from '#lib/server/map/map.service.ts';
import type { RequestHandler } from './$types';

function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const parsed = v.safeParse(schema, input);
	if (!parsed.success) error(400, parsed.issues.map((i) => i.message).join('; '));
	return parsed.output;
}

// Permission (map.access) is checked by the guard in hooks.server.ts; route scope by the service.
export const GET: RequestHandler = async ({ params, url, locals, request }) => {
	const tileParams = parse(tileParamsSchema, params);
	const filters = parse(tileFiltersSchema, Object.fromEntries(url.searchParams));
	const tile = await tileFor(getDbHandle(), locals.user!, tileParams, filters).catch((e) => {
		if (e instanceof OutOfScopeError) error(403, e.message);
		throw e;
	});
	const headers = {
		etag: tile.etag,
		// Private (tiles follow the user's route scope); revalidated on every use, which the
		// ETag and the server's cache make cheap, so a changed customer shows at once.
		'cache-control': 'private, no-cache',
		vary: 'Cookie',
		// Shown in the browser's network panel: database time, or a hit in the server's cache.
		'server-timing': tile.buildMs === null ? 'cache;desc=hit' : `db;dur=${tile.buildMs.toFixed(2)}`
	};
	if (request.headers.get('if-none-match') === tile.etag)
		return new Response(null, { status: 304, headers });
	return new Response(tile.body as BodyInit, {
		headers: { ...headers, 'content-type': 'application/vnd.mapbox-vector-tile' }
	});
};
