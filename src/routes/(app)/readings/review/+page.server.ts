import { error } from '@sveltejs/kit';
import { RequestError, parseInput } from '#lib/server/http/refusal.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { reviewListSchema } from '#lib/server/readings/review.schemas.ts';
import { reviewList } from '#lib/server/readings/review-list.service.ts';
import type { PageServerLoad } from './$types';

// readings.access is checked by the guard; route scope by the service (user.routeIds).
export const load: PageServerLoad = async ({ url, locals }) => {
	try {
		const input = parseInput(reviewListSchema, Object.fromEntries(url.searchParams));
		const list = await reviewList(getDb(), locals.user!, input);
		return {
			list,
			query: {
				tab: input.tab,
				flag: input.flag ?? '',
				route: input.route ? String(input.route) : '',
				reader: input.reader ? String(input.reader) : ''
			}
		};
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.message);
		throw err;
	}
};
