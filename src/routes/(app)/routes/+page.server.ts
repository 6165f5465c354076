import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { getDb } from '#lib/server/db/connection.ts';
import { listQuerySchema, listRoutesPage } from '#lib/server/routes/routes.service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const p = url.searchParams;
	const parsed = v.safeParse(listQuerySchema, {
		q: p.get('q') ?? undefined,
		sort: p.get('sort') ?? undefined,
		dir: p.get('dir') ?? undefined,
		page: p.has('page') ? Number(p.get('page')) : undefined
	});
	if (!parsed.success)
		error(400, parsed.issues.map((i) => `${v.getDotPath(i) ?? 'query'}: ${i.message}`).join('; '));
	const page = await listRoutesPage(getDb(), locals.user!, parsed.output);
	return { ...page, query: parsed.output };
};
