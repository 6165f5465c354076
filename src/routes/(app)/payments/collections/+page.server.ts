import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { collectionsPage, filterChoices } from '#lib/server/collections/cashier.service.ts';
import {
	CollectionError,
	collectionFilterSchema,
	parseCollectionInput
} from '#lib/server/collections/collections.schemas.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { PageServerLoad } from './$types';

// payments.access is checked by the guard; route scope by the service and repository.
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user!;
	const db = getDb();
	try {
		const filter = parseCollectionInput(
			collectionFilterSchema,
			Object.fromEntries(url.searchParams)
		);
		const [list, choices] = await Promise.all([
			collectionsPage(db, user, filter),
			filterChoices(db, user)
		]);
		return { filter, ...list, ...choices, canExport: can(user.permissions, 'payments', 'export') };
	} catch (err) {
		if (err instanceof CollectionError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
};
