// Billing runs against a seeded PostgreSQL, through real pg-boss workers: one invoice per
// billable customer with the tariff function's amounts, customers without a tariff code
// listed and not billed, reruns that replace drafts and never touch issued bills, a worker
// killed midway and resumed, the locked-period rule, route scope and one-customer recompute.
import { spawn } from 'node:child_process';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { quote } from '../../src/lib/domain/tariff/quote.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { billRoute } from '../../src/lib/server/billing/billing.engine.ts';
import { BillingError, runDetail, startRun } from '../../src/lib/server/billing/billing.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { startBoss } from '../../src/lib/server/jobs/boss.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { scheduleCases } from '../../src/lib/server/tariffs/tariffs.repository.ts';

describe('billing runs', () => {
	let scratch: ScratchDb;
	let boss: PgBoss;
	let locked: number;
	let open: number;
	let routes: number[];
	const users: Record<string, SessionUser> = {};

	const user = (id: number, role: 'admin' | 'billing_clerk', routeIds: number[] | null) =>
		({
			id,
			username: `u${id}`,
			fullName: `NV ${id}`,
			role,
			permissions: defaultPermissions(role),
			routeIds
		}) satisfies SessionUser;

	async function refused(promise: Promise<unknown>): Promise<BillingError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(BillingError);
		return error as BillingError;
	}

	async function finished(runId: number): Promise<string> {
		for (let i = 0; i < 150; i++) {
			const [run] = await scratch.sql<{ status: string }[]>`
				select status from billing_run where id = ${runId}`;
			if (run.status === 'done' || run.status === 'failed') return run.status;
			await new Promise((r) => setTimeout(r, 100));
		}
		const routes = await scratch.sql`select * from billing_run_route where run_id = ${runId}`;
		const jobs =
			await scratch.sql`select name, state, output from pgboss.job where name = 'billing-route'`;
		throw new Error(`run ${runId} did not finish: ${JSON.stringify({ routes, jobs })}`);
	}

	/** Customers of the period a bill is due for: a usable reading and a tariff code. */
	async function billable(routeIds: number[] | null = null) {
		const [row] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from customer c
			join reading r on r.customer_id = c.id and r.period_id = ${locked}
			join customer_category_tariff t on t.customer_category = c.category
			where r.kind <> 'no_access' and r.consumption_m3 is not null
				and (${routeIds === null} or c.route_id = any(${routeIds ?? []}::int[]))`;
		return row.n;
	}

	const liveInvoices = async (periodId: number) =>
		scratch.sql<{ customer_id: number; n: number }[]>`
			select customer_id, count(*)::int as n from invoice
			where period_id = ${periodId} and status <> 'cancelled' and kind = 'regular'
			group by customer_id`;

	beforeAll(async () => {
		scratch = await createScratchDb('billing');
		process.env.DATABASE_URL = scratch.url;
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 400, seed: 11, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const [admin] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('ketoan', 'Kế toán', 'admin', 'x') returning id`;
		[{ id: locked }] = await scratch.sql<{ id: number }[]>`
			select id from reading_period where status = 'locked' order by period_month desc limit 1`;
		[{ id: open }] = await scratch.sql<{ id: number }[]>`
			select id from reading_period where status = 'open'`;
		routes = (
			await scratch.sql<{ id: number }[]>`
				select route_id as id from customer where route_id is not null
				group by route_id having count(*) >= 20 order by route_id`
		).map((r) => r.id);
		users.admin = user(admin.id, 'admin', null);
		users.clerk = user(admin.id, 'billing_clerk', [routes[0]]);
		// Production customers lose their tariff code: the run must list them, not bill them.
		await scratch.sql`delete from customer_category_tariff where customer_category = 'production'`;
		boss = await startBoss(scratch.url, { work: true, importHeapMb: 256 });
	}, 180_000);

	afterAll(async () => {
		await boss?.stop({ graceful: false, timeout: 2_000 });
		delete (globalThis as { [k: symbol]: unknown })[Symbol.for('waterline.boss')];
		await closeDb();
		await scratch.drop();
	});

	it('refuses a final run of a period that is not locked, and names the field', async () => {
		const error = await refused(
			startRun(scratch.db, users.admin, { periodId: open, mode: 'final', scope: 'all' })
		);
		expect(error).toMatchObject({ status: 409, field: 'mode' });
		const [{ n }] = await scratch.sql<{ n: number }[]>`select count(*)::int as n from billing_run`;
		expect(n).toBe(0);
	});

	it('bills the whole utility through pg-boss: one invoice per billable customer', async () => {
		const runId = await startRun(scratch.db, users.admin, {
			periodId: locked,
			mode: 'final',
			scope: 'all'
		});
		expect(await finished(runId)).toBe('done');
		const invoices = await liveInvoices(locked);
		expect(invoices.length).toBe(await billable());
		expect(invoices.every((i) => i.n === 1)).toBe(true);
		const detail = await runDetail(scratch.db, users.admin, runId);
		const sum = (k: 'customers' | 'invoices') => detail.routes.reduce((s, r) => s + r[k], 0);
		expect(sum('invoices')).toBe(invoices.length);
		const [{ n: customers }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from customer where route_id is not null`;
		expect(sum('customers')).toBe(customers);
		// The production customers are listed as without a tariff code.
		const [{ n: production }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from customer where category = 'production' and route_id is not null`;
		expect(production).toBeGreaterThan(0);
		expect(detail.skipCounts.no_category).toBe(production);
		expect(
			detail.skips.some((s) => s.category === 'production' && s.reason === 'no_category')
		).toBe(true);
	}, 120_000);

	it('stores the amounts the quote tool gives for the same case', async () => {
		const rows = await scratch.sql<
			{
				category_code: string;
				households: number;
				persons: number;
				from_date: string;
				to_date: string;
				consumption_m3: string;
				total_vnd: string;
				water_amount_vnd: string;
			}[]
		>`select category_code, households, persons, from_date, to_date, consumption_m3,
				total_vnd, water_amount_vnd
			from invoice where period_id = ${locked} and consumption_m3 > 0 order by id limit 25`;
		const schedules = (await scheduleCases(scratch.db)).map((s) => s.schedule);
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) {
			const expected = quote({
				schedules,
				customer: { category: row.category_code, households: row.households, persons: row.persons },
				previousReadingOn: row.from_date,
				currentReadingOn: row.to_date,
				consumption: Number(row.consumption_m3)
			});
			expect(Number(row.total_vnd)).toBe(expected.total);
			expect(Number(row.water_amount_vnd)).toBe(expected.water);
		}
	});

	it('reruns idempotently: drafts replaced, issued bills kept and never duplicated', async () => {
		const before = await liveInvoices(locked);
		const [issued] = await scratch.sql<{ id: number; customer_id: number }[]>`
			update invoice set status = 'issued', series = '1C26TWL', invoice_year = 2026, number = 1,
				issued_on = '2026-11-05'
			where id = (select min(id) from invoice where period_id = ${locked})
			returning id, customer_id`;
		const runId = await startRun(scratch.db, users.admin, {
			periodId: locked,
			mode: 'final',
			scope: 'all'
		});
		expect(await finished(runId)).toBe('done');
		const after = await liveInvoices(locked);
		expect(after.length).toBe(before.length);
		expect(after.every((i) => i.n === 1)).toBe(true);
		const [kept] = await scratch.sql<{ id: number; status: string }[]>`
			select id, status from invoice where customer_id = ${issued.customer_id} and period_id = ${locked}`;
		expect(kept).toMatchObject({ id: issued.id, status: 'issued' });
		const [{ n: fromRun }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from invoice where run_id = ${runId}`;
		expect(fromRun).toBe(before.length - 1);
		const detail = await runDetail(scratch.db, users.admin, runId);
		expect(detail.skipCounts.issued).toBe(1);
	}, 120_000);

	it('resumes a route after its worker is killed midway, with one invoice per customer', async () => {
		const route = routes[1];
		await scratch.sql`delete from invoice where period_id = ${locked} and route_id = ${route}
			and status = 'draft'`;
		const [{ id: runId }] = await scratch.sql<{ id: number }[]>`
			insert into billing_run (period_id, mode, scope) values (${locked}, 'final', 'routes')
			returning id`;
		await scratch.sql`insert into billing_run_route (run_id, route_id) values (${runId}, ${route})`;
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				'tests/db/support/billing-route-process.ts',
				String(runId),
				String(route),
				'3'
			],
			{ env: { ...process.env, DATABASE_URL: scratch.url }, stdio: 'inherit' }
		);
		const exited = new Promise((resolve) => child.on('exit', resolve));
		let cursor = 0;
		for (let i = 0; i < 300 && cursor === 0; i++) {
			await new Promise((r) => setTimeout(r, 100));
			[{ cursor_customer_id: cursor }] = await scratch.sql<{ cursor_customer_id: number }[]>`
				select cursor_customer_id from billing_run_route where run_id = ${runId}`;
		}
		child.kill('SIGKILL');
		await exited;
		const [midway] = await scratch.sql<{ status: string; customers: number }[]>`
			select status, customers from billing_run_route where run_id = ${runId}`;
		const [{ n: routeCustomers }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from customer where route_id = ${route}`;
		expect(midway.status).toBe('running');
		expect(midway.customers).toBeGreaterThan(0);
		expect(midway.customers).toBeLessThan(routeCustomers);

		expect(await billRoute(scratch.db, runId, route, { batchSize: 7 })).toBe(true);
		const [done] = await scratch.sql<{ status: string; customers: number; invoices: number }[]>`
			select status, customers, invoices from billing_run_route where run_id = ${runId}`;
		expect(done.status).toBe('done');
		expect(done.customers).toBe(routeCustomers);
		const invoices = await scratch.sql<{ customer_id: number; n: number }[]>`
			select customer_id, count(*)::int as n from invoice
			where period_id = ${locked} and route_id = ${route} and kind = 'regular' and status <> 'cancelled'
			group by customer_id`;
		expect(invoices.length).toBe(await billable([route]));
		expect(invoices.every((i) => i.n === 1)).toBe(true);
	}, 120_000);

	it('bills an open period only as a trial, whose invoices are marked trial', async () => {
		const runId = await startRun(scratch.db, users.admin, {
			periodId: open,
			mode: 'trial',
			scope: 'routes',
			routeIds: [routes[0]]
		});
		expect(await finished(runId)).toBe('done');
		const rows = await scratch.sql<{ trial: boolean; status: string }[]>`
			select trial, status from invoice where run_id = ${runId}`;
		expect(rows.every((r) => r.trial && r.status === 'draft')).toBe(true);
	}, 60_000);

	it('keeps a route-scoped clerk to their routes and recomputes one customer', async () => {
		const outside = await refused(
			startRun(scratch.db, users.clerk, {
				periodId: locked,
				mode: 'final',
				scope: 'routes',
				routeIds: [routes[1]]
			})
		);
		expect(outside).toMatchObject({ status: 403, field: 'routeIds' });
		const [customer] = await scratch.sql<{ id: number; invoice_id: number }[]>`
			select i.customer_id as id, i.id as invoice_id from invoice i
			where i.period_id = ${locked} and i.route_id = ${routes[0]} and i.status = 'draft'
			order by i.id limit 1`;
		const untouched = await scratch.sql<{ id: number }[]>`
			select id from invoice where period_id = ${locked} and route_id = ${routes[0]}
				and customer_id <> ${customer.id} and status = 'draft'`;
		const runId = await startRun(scratch.db, users.clerk, {
			periodId: locked,
			mode: 'final',
			scope: 'customer',
			customerId: customer.id
		});
		expect(await finished(runId)).toBe('done');
		const [recomputed] = await scratch.sql<{ id: number }[]>`
			select id from invoice where period_id = ${locked} and customer_id = ${customer.id}`;
		expect(recomputed.id).not.toBe(customer.invoice_id);
		const still = await scratch.sql<{ id: number }[]>`
			select id from invoice where id = any(${untouched.map((u) => u.id)}::bigint[])`;
		expect(still.length).toBe(untouched.length);
	}, 60_000);
});
