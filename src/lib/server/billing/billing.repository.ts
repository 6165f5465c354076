/**
 * SQL of billing runs: the run and its routes, the batch of customers a route job bills next
 * (with their reading, back-billing, debt and any issued bill), and the batch's write. Plain
 * functions taking db or trx first. Money is integer VND (int8), volumes m³ (numeric).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface RunRow {
	id: number;
	period_id: number;
	period_month: string;
	period_status: string;
	mode: 'final' | 'trial';
	scope: 'all' | 'routes' | 'customer';
	customer_id: number | null;
	status: 'queued' | 'running' | 'done' | 'failed';
	error: string | null;
	created_by: number | null;
	created_by_name: string | null;
	created_at: Date;
	started_at: Date | null;
	finished_at: Date | null;
}

export interface RunRouteRow {
	route_id: number;
	route_code: string;
	route_name: string;
	status: 'pending' | 'running' | 'done' | 'failed';
	cursor_customer_id: number;
	customers: number;
	invoices: number;
	skipped: number;
	volume_m3: string;
	total_vnd: string;
	route_customers: number;
	error: string | null;
}

function runsQuery(db: Db) {
	return db
		.selectFrom('billing_run as r')
		.innerJoin('reading_period as p', 'p.id', 'r.period_id')
		.leftJoin('staff as s', 's.id', 'r.created_by')
		.select([
			'r.id',
			'r.period_id',
			'p.period_month',
			'p.status as period_status',
			'r.mode',
			'r.scope',
			'r.customer_id',
			'r.status',
			'r.error',
			'r.created_by',
			's.full_name as created_by_name',
			'r.created_at',
			'r.started_at',
			'r.finished_at'
		])
		.$castTo<RunRow>();
}

export function findRun(db: Db, runId: number): Promise<RunRow | undefined> {
	return runsQuery(db).where('r.id', '=', String(runId)).executeTakeFirst();
}

/** The latest runs first, those touching one of `routeIds` only when given. */
export function listRuns(db: Db, routeIds: number[] | null, limit = 50): Promise<RunRow[]> {
	let query = runsQuery(db).orderBy('r.id', 'desc').limit(limit);
	if (routeIds !== null)
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('billing_run_route as rr')
					.select(sql`1`.as('one'))
					.whereRef('rr.run_id', '=', 'r.id')
					.where('rr.route_id', 'in', routeIds.length ? routeIds : [0])
			)
		);
	return query.execute();
}

export async function runRoutes(db: Db, runId: number): Promise<RunRouteRow[]> {
	return (await db
		.selectFrom('billing_run_route as rr')
		.innerJoin('route as rt', 'rt.id', 'rr.route_id')
		.innerJoin('billing_run as r', 'r.id', 'rr.run_id')
		.select([
			'rr.route_id',
			'rt.code as route_code',
			'rt.name as route_name',
			'rr.status',
			'rr.cursor_customer_id',
			'rr.customers',
			'rr.invoices',
			'rr.skipped',
			'rr.volume_m3',
			'rr.total_vnd',
			'rr.error',
			sql<number>`case when r.customer_id is not null then 1 else
				(select count(*)::int from customer c where c.route_id = rr.route_id) end`.as('route_customers')
		])
		.where('rr.run_id', '=', String(runId))
		.orderBy('rt.code')
		.execute()) as RunRouteRow[];
}

/** A run of the period still queued or running (only one at a time per period). */
export function activeRunOf(db: Db, periodId: number) {
	return db
		.selectFrom('billing_run')
		.select(['id'])
		.where('period_id', '=', periodId)
		.where('status', 'in', ['queued', 'running'])
		.executeTakeFirst();
}

/** Routes holding customers, limited to `routeIds` when given. */
export async function billableRoutes(db: Db, routeIds: number[] | null): Promise<number[]> {
	let query = db
		.selectFrom('route as rt')
		.select('rt.id')
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('customer as c')
					.select(sql`1`.as('one'))
					.whereRef('c.route_id', '=', 'rt.id')
			)
		)
		.orderBy('rt.code');
	if (routeIds !== null) query = query.where('rt.id', 'in', routeIds.length ? routeIds : [0]);
	return (await query.execute()).map((r) => r.id);
}

export async function insertRun(
	trx: Db,
	run: {
		periodId: number;
		mode: 'final' | 'trial';
		scope: 'all' | 'routes' | 'customer';
		customerId: number | null;
		createdBy: number | null;
		routeIds: number[];
	}
): Promise<number> {
	const { id } = await trx
		.insertInto('billing_run')
		.values({
			period_id: run.periodId,
			mode: run.mode,
			scope: run.scope,
			customer_id: run.customerId,
			created_by: run.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await trx
		.insertInto('billing_run_route')
		.values(run.routeIds.map((route_id) => ({ run_id: id, route_id })))
		.execute();
	return Number(id);
}

/** Routes of a run not done yet (to enqueue again when resuming). */
export async function unfinishedRoutes(trx: Db, runId: number): Promise<number[]> {
	const rows = await trx
		.selectFrom('billing_run_route')
		.select('route_id')
		.where('run_id', '=', String(runId))
		.where('status', '<>', 'done')
		.execute();
	return rows.map((r) => r.route_id);
}

export async function setRunStatus(
	trx: Db,
	runId: number,
	status: 'queued' | 'running' | 'failed',
	error: string | null = null
) {
	await trx
		.updateTable('billing_run')
		.set({
			status,
			error,
			started_at: status === 'running' ? sql`coalesce(started_at, now())` : undefined,
			finished_at: status === 'failed' ? sql`now()` : null
		})
		.where('id', '=', String(runId))
		// Every route job says "running": only the first one needs to write it.
		.where((eb) => (status === 'running' ? eb('status', '=', 'queued') : eb.lit(true)))
		.execute();
}

export async function resetRoutes(trx: Db, runId: number) {
	await trx
		.updateTable('billing_run_route')
		.set({ status: 'pending', error: null })
		.where('run_id', '=', String(runId))
		.where('status', '=', 'failed')
		.execute();
}

export interface RunTotals {
	routes_total: number;
	routes_done: number;
	customers: number;
	invoices: number;
	skipped: number;
	volume_m3: string;
	total_vnd: string;
}

/** Per run, its routes' progress summed (only `routeIds` when given). */
export async function runTotals(
	db: Db,
	runIds: number[],
	routeIds: number[] | null
): Promise<Map<number, RunTotals>> {
	if (runIds.length === 0) return new Map();
	let query = db
		.selectFrom('billing_run_route')
		.select([
			'run_id',
			sql<number>`count(*)::int`.as('routes_total'),
			sql<number>`(count(*) filter (where status = 'done'))::int`.as('routes_done'),
			sql<number>`sum(customers)::int`.as('customers'),
			sql<number>`sum(invoices)::int`.as('invoices'),
			sql<number>`sum(skipped)::int`.as('skipped'),
			sql<string>`sum(volume_m3)`.as('volume_m3'),
			sql<string>`sum(total_vnd)`.as('total_vnd')
		])
		.where('run_id', 'in', runIds.map(String))
		.groupBy('run_id');
	if (routeIds !== null) query = query.where('route_id', 'in', routeIds.length ? routeIds : [0]);
	const rows = await query.execute();
	return new Map(rows.map(({ run_id, ...totals }) => [Number(run_id), totals]));
}
