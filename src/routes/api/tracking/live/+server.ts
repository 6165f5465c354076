import { json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { liveStaff } from '#lib/server/tracking/tracking.service.ts';
import type { RequestHandler } from './$types';

// tracking.access is checked by the guard in hooks.server.ts; route scope by the service.
export const GET: RequestHandler = async ({ locals }) =>
	json({ staff: await liveStaff(getDb(), locals.user!) });
