/**
 * Reads behind a run's screen and its start: the period (locked against a concurrent start),
 * a customer's route, and the customers the run did not bill, with why.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

/** The period row, locked until the transaction ends: runs of a period start one by one. */
export async function lockPeriodRow(trx: Db, periodId: number) {
	const { rows } = await sql<{ id: number; status: string; period_month: string }>`
		select id, status, period_month::text from reading_period where id = ${periodId}
		for no key update`.execute(trx);
	return rows[0];
}

export function customerRoute(db: Db, customerId: number) {
	return db
		.selectFrom('customer')
		.select(['id', 'route_id'])
		.where('id', '=', customerId)
		.executeTakeFirst();
}

export interface SkipRow {
	customer_id: number;
	code: string;
	name: string;
	route_code: string;
	category: string;
	reason: string;
	detail: string | null;
}

/** The customers not billed (issued ones aside), at most `limit`, by route then code. */
export function skipsOf(
	db: Db,
	runId: number,
	routeIds: number[],
	limit = 500
): Promise<SkipRow[]> {
	return db
		.selectFrom('billing_run_skip as s')
		.innerJoin('customer as c', 'c.id', 's.customer_id')
		.innerJoin('route as rt', 'rt.id', 's.route_id')
		.select([
			's.customer_id',
			'c.code',
			'c.name',
			'rt.code as route_code',
			'c.category',
			's.reason',
			's.detail'
		])
		.where('s.run_id', '=', String(runId))
		.where('s.route_id', 'in', routeIds.length ? routeIds : [0])
		.where('s.reason', '<>', 'issued')
		.orderBy('rt.code')
		.orderBy('c.code')
		.limit(limit)
		.execute();
}

export async function skipCounts(
	db: Db,
	runId: number,
	routeIds: number[]
): Promise<Record<string, number>> {
	const rows = await db
		.selectFrom('billing_run_skip')
		.select(['reason', sql<number>`count(*)::int`.as('n')])
		.where('run_id', '=', String(runId))
		.where('route_id', 'in', routeIds.length ? routeIds : [0])
		.groupBy('reason')
		.execute();
	return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}

/** Periods newest first, for the run form. */
export function periodsForRuns(db: Db) {
	return db
		.selectFrom('reading_period')
		.select(['id', sql<string>`period_month::text`.as('period_month'), 'status'])
		.orderBy('period_month', 'desc')
		.limit(24)
		.execute();
}

/** Routes with their customer counts, only `routeIds` when given. */
export function routesWithCustomers(db: Db, routeIds: number[] | null) {
	let query = db
		.selectFrom('route as rt')
		.innerJoin('customer as c', 'c.route_id', 'rt.id')
		.select(['rt.id', 'rt.code', 'rt.name', sql<number>`count(*)::int`.as('customers')])
		.groupBy('rt.id')
		.orderBy('rt.code');
	if (routeIds !== null) query = query.where('rt.id', 'in', routeIds.length ? routeIds : [0]);
	return query.execute();
}

export function customerIdByCode(db: Db, code: string) {
	return db.selectFrom('customer').select('id').where('code', '=', code).executeTakeFirst();
}

export function latestLockedPeriod(db: Db) {
	return db
		.selectFrom('reading_period')
		.select(['id', sql<string>`period_month::text`.as('period_month')])
		.where('status', '=', 'locked')
		.orderBy('period_month', 'desc')
		.executeTakeFirst();
}
