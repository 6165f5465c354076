/**
 * SQL for price decisions (tariff_schedule) and the utility's tariff categories. Plain
 * functions taking db or trx first. A schedule row is stored in the shape tariff.md gives a
 * case's schedule (categories, vatRate, charges), so it feeds the quote function as it is.
 */
import type { Kysely } from 'kysely';
import type { Schedule } from '../../domain/tariff/tariff.schema.ts';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

/** A stored schedule as the quote function takes it (id = its code), with its row id. */
export interface StoredSchedule {
	rowId: number;
	schedule: Schedule;
}

/** Every price decision, oldest first: the quote picks the ones in force day by day. */
export async function scheduleCases(db: Db): Promise<StoredSchedule[]> {
	const rows = await db
		.selectFrom('tariff_schedule')
		.select(['id', 'code', 'effective_from', 'vat_rate', 'categories', 'charges'])
		.orderBy('effective_from')
		.execute();
	return rows.map((r) => ({
		rowId: r.id,
		schedule: {
			id: r.code,
			effectiveFrom: r.effective_from,
			vatRate: Number(r.vat_rate),
			categories: r.categories as Schedule['categories'],
			charges: r.charges as Schedule['charges']
		}
	}));
}

/** customer.category → tariff code; a category without a code is not billed. */
export async function categoryCodes(db: Db): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('customer_category_tariff')
		.select(['customer_category', 'tariff_code'])
		.execute();
	return new Map(rows.map((r) => [r.customer_category, r.tariff_code]));
}
