import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { idSchema, handle, jsonBody, query } from '#lib/server/http/refusal.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { routeGrid } from '#lib/server/readings/grid.service.ts';
import { readingInputSchema } from '#lib/server/readings/readings.schemas.ts';
import { recordReading } from '#lib/server/readings/readings.service.ts';
import type { RequestHandler } from './$types';

const sheetQuery = v.object({
	periodId: idSchema,
	routeId: idSchema,
	customerId: v.optional(idSchema)
});

/** One route's grid rows in a period (readings.access); `customerId` returns that row only. */
export const GET: RequestHandler = ({ url, locals }) =>
	handle(async () => {
		const q = query(url, sheetQuery);
		const grid = await routeGrid(getDb(), locals.user!, q.periodId, q.routeId, q.customerId);
		return json({ rows: grid.rows, editable: grid.editable });
	});

/** A reading typed in the office grid (readings.edit): no photo is expected from it. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const input = await jsonBody(request, readingInputSchema);
		const recorded = await recordReading(getDb(), locals.user!, input, {
			source: 'grid',
			photo: 'not_required'
		});
		return json(recorded);
	});
