import { error, json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { startImport } from '#lib/server/import/import.service.ts';
import type { RequestHandler } from './$types';

/**
 * Raw upload of an import workbook: the file is the request body (multipart would be
 * buffered whole by SvelteKit), its name percent-encoded in X-File-Name. The body streams to
 * the storage folder; a parse job takes it from there.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	let name: string;
	try {
		name = decodeURIComponent(request.headers.get('x-file-name') ?? '');
	} catch {
		error(400, 'X-File-Name: not percent-encoded');
	}
	const started = await startImport(getDb(), locals.user!, request.body, name);
	if (!started.ok) error(started.status, started.message);
	return json(started.value, { status: 201 });
};
