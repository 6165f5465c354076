import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle } from '#lib/server/http/refusal.ts';
import {
	collectionBody,
	collectionInputSchema
} from '#lib/server/collections/collections.schemas.ts';
import {
	readerCollections,
	recordCollection
} from '#lib/server/collections/collections.service.ts';
import type { RequestHandler } from './$types';

// readings.access / readings.edit are checked by the guard; route scope by the service.

/** The reader's own collections not yet remitted, and today's, with totals by method. */
export const GET: RequestHandler = ({ locals }) =>
	handle(async () => json(await readerCollections(getDb(), locals.user!)));

/** Money collected at the door; a replay of the same clientKey answers 200 with the stored one. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const input = await collectionBody(request, collectionInputSchema);
		const result = await recordCollection(getDb(), locals.user!, input);
		return json(result, { status: result.replayed ? 200 : 201 });
	});
