import { getDb } from '#lib/server/db/connection.ts';
import { fileResponse } from '#lib/server/attachments/attachments.http.ts';
import type { RequestHandler } from './$types';

// customers.access is checked by the guard in hooks.server.ts; route scope by the service.
export const GET: RequestHandler = ({ params, locals }) =>
	fileResponse(getDb(), locals.user!, params.id, 'preview');
