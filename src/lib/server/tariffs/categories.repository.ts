/**
 * SQL for the utility's tariff codes (tariff_category: SH, SH_NGHEO, HCSN…) and the mapping
 * from customer categories to them (customer_category_tariff). A schedule prices codes as keys
 * of its categories jsonb, which no foreign key sees: usedBy finds them.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface CategoryRow {
	code: string;
	name: string;
	sort: number;
	/** Codes of the decisions that price this code. */
	schedules: string[];
	/** Customer categories billed at this code. */
	customerCategories: string[];
}

export async function listCategories(db: Db): Promise<CategoryRow[]> {
	const rows = await db
		.selectFrom('tariff_category as t')
		.select((eb) => [
			't.code',
			't.name',
			't.sort',
			eb
				.fn<string[]>('array', [
					eb
						.selectFrom('tariff_schedule as s')
						.select('s.code')
						.where(sql<boolean>`s.categories ? t.code`)
						.orderBy('s.effective_from')
				])
				.as('schedules'),
			eb
				.fn<string[]>('array', [
					eb
						.selectFrom('customer_category_tariff as m')
						.select('m.customer_category')
						.whereRef('m.tariff_code', '=', 't.code')
						.orderBy('m.customer_category')
				])
				.as('customerCategories')
		])
		.orderBy('t.sort')
		.orderBy('t.code')
		.execute();
	return rows;
}

export async function findCategory(db: Db, code: string, forUpdate = false) {
	let query = db.selectFrom('tariff_category').selectAll().where('code', '=', code);
	if (forUpdate) query = query.forUpdate();
	return query.executeTakeFirst();
}

/** Decisions whose categories price this code. */
export async function schedulesPricing(db: Db, code: string): Promise<string[]> {
	const rows = await db
		.selectFrom('tariff_schedule')
		.select('code')
		.where(sql<boolean>`categories ? ${code}`)
		.execute();
	return rows.map((r) => r.code);
}

export async function insertCategory(db: Db, row: { code: string; name: string; sort: number }) {
	await db.insertInto('tariff_category').values(row).execute();
}

/** Renames (the mapping follows through its on update cascade) and relabels a code. */
export async function updateCategory(
	db: Db,
	code: string,
	row: { code: string; name: string; sort: number }
): Promise<void> {
	await db.updateTable('tariff_category').set(row).where('code', '=', code).execute();
}

export async function deleteCategory(db: Db, code: string): Promise<void> {
	await db.deleteFrom('tariff_category').where('code', '=', code).execute();
}

export async function mappingRows(db: Db) {
	return db
		.selectFrom('customer_category_tariff')
		.select(['customer_category', 'tariff_code'])
		.orderBy('customer_category')
		.execute();
}

export async function setMapping(db: Db, customerCategory: string, tariffCode: string) {
	await db
		.insertInto('customer_category_tariff')
		.values({ customer_category: customerCategory, tariff_code: tariffCode })
		.onConflict((oc) => oc.column('customer_category').doUpdateSet({ tariff_code: tariffCode }))
		.execute();
}

/** A customer category without a code is not billed (the run lists its customers). */
export async function clearMapping(db: Db, customerCategory: string): Promise<void> {
	await db
		.deleteFrom('customer_category_tariff')
		.where('customer_category', '=', customerCategory)
		.execute();
}
