import { error, json } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { startReadingsImport } from '#lib/server/readings/import/readings-import.service.ts';
import type { RequestHandler } from './$types';

/**
 * Raw upload of a readings workbook (the file is the body, its name percent-encoded in
 * X-File-Name), for the period in ?period= (the open one when absent). A plain POST: the
 * guard asks for readings.edit.
 */
export const POST: RequestHandler = async ({ request, url, locals }) => {
	let name: string;
	try {
		name = decodeURIComponent(request.headers.get('x-file-name') ?? '');
	} catch {
		error(400, 'X-File-Name: not percent-encoded');
	}
	const rawPeriod = url.searchParams.get('period');
	const periodId = rawPeriod ? Number(rawPeriod) : null;
	if (periodId !== null && !(Number.isInteger(periodId) && periodId > 0))
		error(400, 'period: not a period id');
	const started = await startReadingsImport(getDb(), locals.user!, request.body, name, periodId);
	if (!started.ok) error(started.status, started.message);
	return json(started.value, { status: 201 });
};
