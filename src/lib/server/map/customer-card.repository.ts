/** What the map's customer card shows: one customer with meter, contract, readings, orders. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

/** Work order statuses still to be done in the field. */
export const OPEN_WORK_ORDER_STATUSES = ['new', 'assigned', 'accepted', 'en_route', 'in_progress'];

export async function findCustomer(db: Kysely<DB>, id: number) {
	return db
		.selectFrom('customer as c')
		.innerJoin('ward as w', 'w.id', 'c.ward_id')
		.leftJoin('zone as z', 'z.id', 'c.zone_id')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.select([
			'c.id',
			'c.code',
			'c.name',
			'c.address',
			'c.phone',
			'c.category',
			'c.status',
			'c.route_id as routeId',
			'w.name as wardName',
			'w.kind as wardKind',
			'z.name as zoneName',
			'r.code as routeCode',
			sql<number>`ST_X(c.geom)`.as('lon'),
			sql<number>`ST_Y(c.geom)`.as('lat')
		])
		.where('c.id', '=', id)
		.executeTakeFirst();
}

export async function findMeterInService(db: Kysely<DB>, customerId: number) {
	return db
		.selectFrom('meter')
		.select([
			'serial',
			'brand',
			'size_mm as sizeMm',
			'installed_on as installedOn',
			'verification_due_on as verificationDueOn',
			// Calendar dates are Asia/Ho_Chi_Minh dates, whatever the session's time zone.
			sql<boolean>`coalesce(verification_due_on < (now() at time zone 'Asia/Ho_Chi_Minh')::date, false)`.as(
				'overdue'
			)
		])
		.where('customer_id', '=', customerId)
		.where('status', '=', 'in_service')
		.executeTakeFirst();
}

/** The active contract, or else the latest revision. */
export async function findContract(db: Kysely<DB>, customerId: number) {
	return db
		.selectFrom('contract')
		.select(['number', 'signed_on as signedOn', 'status'])
		.where('customer_id', '=', customerId)
		.orderBy(sql`status = 'active'`, 'desc')
		.orderBy('revision', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** The customer's readings of the latest `periods` periods, newest first. */
export async function recentReadings(db: Kysely<DB>, customerId: number, periods: number) {
	return db
		.selectFrom('reading as r')
		.innerJoin('reading_period as p', 'p.id', 'r.period_id')
		.select([
			'p.period_month as periodMonth',
			'r.consumption_m3 as consumptionM3',
			'r.current_index as currentIndex',
			'r.kind'
		])
		.where('r.customer_id', '=', customerId)
		.orderBy('p.period_month', 'desc')
		.limit(periods)
		.execute();
}

/** Open orders first, then newest first. */
export async function recentWorkOrders(db: Kysely<DB>, customerId: number, limit: number) {
	return db
		.selectFrom('work_order')
		.select(['id', 'number', 'type', 'status', 'priority', 'created_at as createdAt'])
		.where('customer_id', '=', customerId)
		.orderBy(sql`status in (${sql.join(OPEN_WORK_ORDER_STATUSES)})`, 'desc')
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}
