import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { readerSheet, sheetQuerySchema } from '#lib/server/field-read/field-read.service.ts';
import { handle, query } from '#lib/server/http/refusal.ts';
import type { RequestHandler } from './$types';

/**
 * The reader's routes in the open period, each customer in sequence with what the phone keeps
 * for reading offline (readings access checked by the guard, route scope by the service).
 */
export const GET: RequestHandler = ({ url, locals }) =>
	handle(async () => {
		const sheet = await readerSheet(getDb(), locals.user!, query(url, sheetQuerySchema));
		return json(sheet, { headers: { 'cache-control': 'private, no-store' } });
	});
