import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { handle, pathId } from '#lib/server/work-orders/work-orders.http.ts';
import { suggestStaff } from '#lib/server/work-orders/work-orders.service.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, locals }) =>
	handle(async () => json({ staff: await suggestStaff(getDb(), locals.user!, pathId(params.id)) }));
