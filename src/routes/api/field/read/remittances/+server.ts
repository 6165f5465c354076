import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle } from '#lib/server/http/refusal.ts';
import {
	collectionBody,
	remittanceInputSchema
} from '#lib/server/collections/collections.schemas.ts';
import {
	readerRemittances,
	submitRemittance
} from '#lib/server/collections/collections.service.ts';
import type { RequestHandler } from './$types';

// readings.access / readings.edit are checked by the guard; the reader's own lists only.

export const GET: RequestHandler = ({ locals }) =>
	handle(async () => json({ remittances: await readerRemittances(getDb(), locals.user!) }));

/** A remittance list (bảng kê) of all pending collections, or of `collectionIds`. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const input = await collectionBody(request, remittanceInputSchema);
		const result = await submitRemittance(getDb(), locals.user!, input);
		return json(result, { status: result.replayed ? 200 : 201 });
	});
