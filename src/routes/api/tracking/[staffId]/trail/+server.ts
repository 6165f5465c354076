import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { utilityDate } from '#lib/domain/time/utility-date.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { trailFor } from '#lib/server/tracking/tracking.service.ts';
import type { RequestHandler } from './$types';

const querySchema = v.object({
	staffId: v.pipe(
		v.string(),
		v.regex(/^[1-9][0-9]{0,9}$/, 'must be a staff id'),
		v.transform(Number),
		v.maxValue(2_147_483_647, 'must be a staff id')
	),
	// A calendar day in Vietnam; today when left out.
	date: v.pipe(
		v.string(),
		v.isoDate('must be a date YYYY-MM-DD'),
		v.check((d) => !Number.isNaN(Date.parse(d)), 'must be a real date')
	)
});

// tracking.access is checked by the guard in hooks.server.ts; route scope by the service.
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const parsed = v.safeParse(querySchema, {
		staffId: params.staffId,
		date: url.searchParams.get('date') ?? utilityDate()
	});
	if (!parsed.success) {
		const issue = parsed.issues[0];
		return json(
			{ error: { field: String(issue.path?.[0]?.key ?? 'query'), reason: issue.message } },
			{ status: 400 }
		);
	}
	const outcome = await trailFor(getDb(), locals.user!, parsed.output.staffId, parsed.output.date);
	if (!outcome.ok) return json({ error: outcome.error }, { status: outcome.status });
	return json(outcome.value);
};
