/**
 * SQL for connections' meters: the customer (locked, in route scope), its meters, readings,
 * replacements and meter audit entries, and the verification-due list. Indexes are numeric
 * m³ and come back as strings; the service turns them into numbers.
 */
import { sql, type Kysely } from 'kysely';
import { escapeLike } from '../../domain/search/search-query.ts';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

/** The customer if `routeIds` (null = all routes) lets the user see them; `lock` for a change. */
export async function scopedCustomer(
	db: Db,
	customerId: number,
	routeIds: number[] | null,
	lock = false
) {
	let q = db
		.selectFrom('customer')
		.select(['id', 'code', 'name', 'zone_id', 'route_id'])
		.where('id', '=', customerId);
	if (routeIds) q = q.where('route_id', '=', sql<number>`any(${routeIds}::int[])`);
	if (lock) q = q.forUpdate();
	return (await q.executeTakeFirst()) ?? null;
}

const meterColumns = [
	'id',
	'serial',
	'brand',
	'model',
	'size_mm',
	'dial_digits',
	'seal_no',
	'status',
	'customer_id',
	'zone_id',
	'installed_on',
	'installed_by',
	'verified_on',
	'verification_due_on',
	'initial_index'
] as const;

export async function meterInService(db: Db, customerId: number, lock = false) {
	let q = db
		.selectFrom('meter')
		.select(meterColumns)
		.where('customer_id', '=', customerId)
		.where('status', '=', 'in_service');
	if (lock) q = q.forUpdate();
	return (await q.executeTakeFirst()) ?? null;
}

export async function meterBySerial(db: Db, serial: string, lock = false) {
	let q = db.selectFrom('meter').select(meterColumns).where('serial', '=', serial);
	if (lock) q = q.forUpdate();
	return (await q.executeTakeFirst()) ?? null;
}

export interface NewMeter {
	serial: string;
	brand: string;
	model: string | null;
	size_mm: number;
	dial_digits: number;
	seal_no: string | null;
}

export interface Placement {
	customer_id: number;
	zone_id: number;
	installed_on: string;
	installed_by: string | null;
	verified_on: string | null;
	verification_due_on: string | null;
	initial_index: string;
}

export async function insertMeterInService(db: Db, meter: NewMeter, placement: Placement) {
	return db
		.insertInto('meter')
		.values({ ...meter, ...placement, status: 'in_service' })
		.returning(meterColumns)
		.executeTakeFirstOrThrow();
}

/** A meter from stock goes into service; its own brand/size stay, the seal may be set. */
export async function placeStockMeter(
	db: Db,
	meterId: number,
	sealNo: string | null,
	placement: Placement
) {
	return db
		.updateTable('meter')
		.set((eb) => ({
			...placement,
			seal_no: sealNo === null ? eb.ref('seal_no') : sealNo,
			status: 'in_service'
		}))
		.where('id', '=', meterId)
		.where('status', '=', 'in_stock')
		.returning(meterColumns)
		.executeTakeFirstOrThrow();
}

export async function removeMeter(db: Db, meterId: number) {
	await db
		.updateTable('meter')
		.set({ status: 'removed', customer_id: null })
		.where('id', '=', meterId)
		.execute();
}

export async function updateMeter(
	db: Db,
	meterId: number,
	values: { seal_no?: string; verified_on?: string; verification_due_on?: string | null }
) {
	await db.updateTable('meter').set(values).where('id', '=', meterId).execute();
}

export async function insertReplacement(
	db: Db,
	row: {
		customer_id: number;
		old_meter_id: number;
		new_meter_id: number;
		replaced_on: string;
		old_final_index: string;
		new_initial_index: string;
		reason: string;
		performed_by: number | null;
	}
) {
	return db.insertInto('meter_replacement').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function replacementsOf(db: Db, customerId: number) {
	return db
		.selectFrom('meter_replacement as r')
		.innerJoin('meter as o', 'o.id', 'r.old_meter_id')
		.innerJoin('meter as n', 'n.id', 'r.new_meter_id')
		.select([
			'r.id',
			'r.replaced_on',
			'r.old_meter_id',
			'o.serial as old_serial',
			'r.new_meter_id',
			'n.serial as new_serial',
			'r.old_final_index',
			'r.new_initial_index',
			'r.reason'
		])
		.where('r.customer_id', '=', customerId)
		.orderBy('r.replaced_on')
		.orderBy('r.id')
		.execute();
}

/** Every meter that has served the connection: the one in service and any replaced ones. */
export async function meterIdsOf(db: Db, customerId: number): Promise<number[]> {
	const rows = await sql<{ id: number }>`
		select id from meter where customer_id = ${customerId}
		union select old_meter_id from meter_replacement where customer_id = ${customerId}
		union select new_meter_id from meter_replacement where customer_id = ${customerId}
		union select meter_id from reading where customer_id = ${customerId}`.execute(db);
	return rows.rows.map((r) => r.id);
}

export async function metersByIds(db: Db, ids: number[]) {
	if (ids.length === 0) return [];
	return db.selectFrom('meter').select(meterColumns).where('id', 'in', ids).execute();
}

export async function readingsOf(db: Db, customerId: number) {
	return db
		.selectFrom('reading as r')
		.innerJoin('reading_period as p', 'p.id', 'r.period_id')
		.select([
			'r.id',
			'r.meter_id',
			'p.period_month',
			'r.read_at',
			'r.previous_index',
			'r.current_index',
			'r.consumption_m3',
			'r.kind'
		])
		.where('r.customer_id', '=', customerId)
		.orderBy('p.period_month')
		.execute();
}

/** Seal changes and verifications recorded in the audit log for these meters. */
export async function meterAuditOf(db: Db, meterIds: number[]) {
	if (meterIds.length === 0) return [];
	return db
		.selectFrom('audit_log')
		.select(['id', 'at', 'entity_id', 'action', 'old_values', 'new_values'])
		.where('entity', '=', 'meter')
		.where('action', 'in', ['seal_change', 'verify'])
		.where('entity_id', 'in', meterIds.map(String))
		.orderBy('id')
		.execute();
}

export interface DueFilter {
	until: string;
	zoneId: number | null;
	routeId: number | null;
	routeIds: number[] | null;
}

function dueQuery(db: Db, f: DueFilter) {
	let q = db
		.selectFrom('meter as m')
		.innerJoin('customer as c', 'c.id', 'm.customer_id')
		.leftJoin('route as r', 'r.id', 'c.route_id')
		.leftJoin('zone as z', 'z.id', 'm.zone_id')
		.where('m.status', '=', 'in_service')
		.where('m.verification_due_on', '<=', f.until);
	if (f.zoneId !== null) q = q.where('m.zone_id', '=', f.zoneId);
	if (f.routeId !== null) q = q.where('c.route_id', '=', f.routeId);
	if (f.routeIds) q = q.where('c.route_id', '=', sql<number>`any(${f.routeIds}::int[])`);
	return q;
}

function dueRows(db: Db, f: DueFilter) {
	return dueQuery(db, f)
		.select([
			'm.id',
			'm.serial',
			'm.brand',
			'm.size_mm',
			'm.seal_no',
			'm.installed_on',
			'm.verified_on',
			'm.verification_due_on',
			'c.id as customer_id',
			'c.code as customer_code',
			'c.name as customer_name',
			'c.address',
			'r.code as route_code',
			'z.code as zone_code'
		])
		.orderBy('m.verification_due_on')
		.orderBy('m.serial');
}

export async function verificationDuePage(db: Db, f: DueFilter, offset: number, limit: number) {
	const [rows, total] = await Promise.all([
		dueRows(db, f).offset(offset).limit(limit).execute(),
		dueQuery(db, f)
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(total.n) };
}

export function streamVerificationDue(db: Db, f: DueFilter, chunk = 1000) {
	return dueRows(db, f).stream(chunk);
}

/** Meters whose serial starts with `prefix`, with the customer when in service (scoped). */
export async function searchBySerial(
	db: Db,
	prefix: string,
	routeIds: number[] | null,
	limit = 20
) {
	let q = db
		.selectFrom('meter as m')
		.leftJoin('customer as c', 'c.id', 'm.customer_id')
		.select([
			'm.id',
			'm.serial',
			'm.brand',
			'm.size_mm',
			'm.status',
			'm.seal_no',
			'm.verification_due_on',
			'c.id as customer_id',
			'c.code as customer_code',
			'c.name as customer_name'
		])
		.where(sql<boolean>`m.serial like ${escapeLike(prefix) + '%'}`)
		.orderBy(sql`m.serial using ~<~`)
		.limit(limit);
	// Scoped staff see stock and removed meters (no customer) but only their routes' customers.
	if (routeIds)
		q = q.where((eb) =>
			eb.or([
				eb('m.customer_id', 'is', null),
				eb('c.route_id', '=', sql<number>`any(${routeIds}::int[])`)
			])
		);
	return q.execute();
}

export async function zonesAndRoutes(db: Db, routeIds: number[] | null) {
	let routes = db.selectFrom('route').select(['id', 'code', 'name', 'zone_id']).orderBy('code');
	if (routeIds) routes = routes.where('id', '=', sql<number>`any(${routeIds}::int[])`);
	const [zones, routeRows] = await Promise.all([
		db.selectFrom('zone').select(['id', 'code', 'name']).orderBy('code').execute(),
		routes.execute()
	]);
	return { zones, routes: routeRows };
}
