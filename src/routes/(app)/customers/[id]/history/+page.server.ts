import { error } from '@sveltejs/kit';
import { timeline } from '#lib/server/customers/customers.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	// The layout load has checked the id and the user's route scope.
	const { customer } = await parent();
	const page = Number(url.searchParams.get('page') ?? '1');
	if (!Number.isInteger(page) || page < 1 || page > 10_000) error(400, 'page: từ 1 đến 10000');
	const { events, more } = await timeline(getDb(), customer.id, page);
	return { events, more, page };
};
