import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { filterChoices, receiptReport } from '#lib/server/collections/cashier.service.ts';
import {
	CollectionError,
	parseCollectionInput,
	receiptFilterSchema
} from '#lib/server/collections/collections.schemas.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { PageServerLoad } from './$types';

// payments.access is checked by the guard; route scope by the service.
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user!;
	const db = getDb();
	try {
		const filter = parseCollectionInput(receiptFilterSchema, Object.fromEntries(url.searchParams));
		const [report, choices] = await Promise.all([
			receiptReport(db, user, filter),
			filterChoices(db, user)
		]);
		return {
			report,
			reader: filter.reader ?? null,
			readers: choices.readers,
			canExport: can(user.permissions, 'payments', 'export')
		};
	} catch (err) {
		if (err instanceof CollectionError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
};
