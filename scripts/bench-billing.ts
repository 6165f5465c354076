// `npm run bench:billing -- [--customers N] [--db NAME]` (default 1,000,000 customers).
// Product: a final billing run of the latest locked period over the whole utility, end to
// end as the app runs it: startRun (run, route rows and one pg-boss job per route in one
// transaction), the pg-boss workers billing route by route in batches, until the run is done.
// Floor, same run, same database, same period: one INSERT … SELECT computing the same bills
// in SQL (scripts/bench/billing-floor.ts). A price decision taking effect mid-period is added
// first, so both prorate across two decisions. Prints both times, their ratio, and whether
// the two agree to the đồng (count, sums and every customer's amounts).
import { ensureRoles } from '../src/lib/server/admin/admin.repository.ts';
import { defaultPermissions } from '../src/lib/domain/access/permissions.ts';
import { startRun } from '../src/lib/server/billing/billing.service.ts';
import { closeDb, openDb } from '../src/lib/server/db/connection.ts';
import { startBoss } from '../src/lib/server/jobs/boss.ts';
import { dbNameFlag, intFlag, parseFlags, runMain } from './bench/args.ts';
import { floorBilling } from './bench/billing-floor.ts';
import { benchDbName, ensureSeededDb } from './bench/database.ts';
import { fmt, heading, printTable, ratio, target } from './bench/stats.ts';

const usage = 'npm run bench:billing -- [--customers N] [--db wl_bench_NAME]';
const STEP_CODE = 'BENCH-MID-PERIOD';

runMain(async () => {
	const flags = parseFlags(
		{ customers: { type: 'string', default: '1000000' }, db: { type: 'string' } },
		usage
	);
	const customers = intFlag('customers', flags.customers, 1000, 2_000_000);
	const name = flags.db ? dbNameFlag(flags.db) : benchDbName(customers);
	const bench = await ensureSeededDb(name, customers);
	process.env.DATABASE_URL = bench.url;
	const handle = openDb(bench.url, { max: 4 });
	const { sql } = handle;
	const boss = await startBoss(bench.url, { work: true, importHeapMb: 256 });
	try {
		await ensureRoles(handle.db);
		const [period] = await sql<{ id: number; month: string; mid: string }[]>`
			select id, period_month::text as month, (period_month + 14)::text as mid
			from reading_period where status = 'locked' order by period_month desc limit 1`;
		await sql`delete from invoice where period_id = ${period.id} and status = 'draft'`;
		await addMidPeriodStep(sql, period.mid);
		const user = await benchUser(sql);
		heading(`bench:billing: ${customers.toLocaleString('en')} customers, period ${period.month}`);

		await sql`vacuum analyze invoice`;
		let started = performance.now();
		await floorBilling(sql, period.id);
		const floor = (performance.now() - started) / 1000;

		started = performance.now();
		const runId = await startRun(handle.db, user, {
			periodId: period.id,
			mode: 'final',
			scope: 'all'
		});
		const status = await waitForRun(sql, runId);
		const product = (performance.now() - started) / 1000;
		if (status !== 'done') throw new Error(`run ${runId} ended ${status}`);

		const check = await compare(sql, period.id, runId);
		printTable([
			['', 'seconds', 'invoices', 'total VND'],
			['floor (one INSERT … SELECT)', fmt(floor), String(check.floorCount), check.floorTotal],
			['product (pg-boss run)', fmt(product), String(check.productCount), check.productTotal]
		]);
		console.log(`  ratio product / floor: ${ratio(product, floor)}`);
		console.log(`  customers whose amounts differ: ${check.mismatches}`);
		target('billing run vs floor', product <= 2.5 * floor, ratio(product, floor), '≤ 2.50×');
		target(
			'totals match to the đồng',
			check.mismatches === 0 &&
				check.floorTotal === check.productTotal &&
				check.floorCount === check.productCount,
			`${check.productTotal} vs ${check.floorTotal}`,
			'equal'
		);
	} finally {
		// The run's drafts priced with the bench's step go with it.
		await sql`delete from invoice where status = 'draft' and tariff_schedule_id in
			(select id from tariff_schedule where code = ${STEP_CODE})`;
		await sql`delete from tariff_schedule where code = ${STEP_CODE}`;
		await sql`drop table if exists bench_floor_invoice`.catch(() => {});
		await boss.stop({ graceful: false, timeout: 2_000 });
		await handle.close();
		await closeDb();
	}
});

/** A decision from the 15th of the period: the demo's prices +8%, rounded to 100 VND. */
async function addMidPeriodStep(sql: ReturnType<typeof openDb>['sql'], from: string) {
	await sql`delete from tariff_schedule where code = ${STEP_CODE}`;
	await sql`
		insert into tariff_schedule (code, name, decision_ref, effective_from, vat_rate, categories, charges)
		select ${STEP_CODE}, 'Bench: price step mid-period', 'bench', ${from}::date, vat_rate,
			(select jsonb_object_agg(k, case when v ->> 'basis' = 'flat'
					then jsonb_set(v, '{price}', to_jsonb(round((v ->> 'price')::numeric * 1.08, -2)))
					else jsonb_set(v, '{blocks}', (select jsonb_agg(jsonb_set(b, '{price}',
						to_jsonb(round((b ->> 'price')::numeric * 1.08, -2))) order by o)
						from jsonb_array_elements(v -> 'blocks') with ordinality e(b, o))) end)
				from jsonb_each(categories) c(k, v)),
			charges
		from tariff_schedule where effective_from < ${from}::date order by effective_from desc limit 1`;
}

async function benchUser(sql: ReturnType<typeof openDb>['sql']) {
	const [staff] = await sql<{ id: number }[]>`
		insert into staff (username, full_name, role_code, password_hash)
		values ('bench.billing', 'Bench billing', 'admin', 'x')
		on conflict (lower(username)) do update set full_name = excluded.full_name returning id`;
	return {
		id: staff.id,
		username: 'bench.billing',
		fullName: 'Bench billing',
		role: 'admin' as const,
		permissions: defaultPermissions('admin'),
		routeIds: null
	};
}

async function waitForRun(sql: ReturnType<typeof openDb>['sql'], runId: number): Promise<string> {
	for (;;) {
		const [run] = await sql<
			{ status: string }[]
		>`select status from billing_run where id = ${runId}`;
		if (run.status === 'done' || run.status === 'failed') return run.status;
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function compare(sql: ReturnType<typeof openDb>['sql'], periodId: number, runId: number) {
	const [floor] = await sql<{ n: number; total: string }[]>`
		select count(*)::int as n, coalesce(sum(total), 0)::text as total from bench_floor_invoice`;
	const [product] = await sql<{ n: number; total: string }[]>`
		select count(*)::int as n, coalesce(sum(total_vnd), 0)::text as total from invoice
		where run_id = ${runId} and period_id = ${periodId}`;
	const [{ n: mismatches }] = await sql<{ n: number }[]>`
		select count(*)::int as n
		from bench_floor_invoice f full join (select * from invoice where run_id = ${runId}) i
			on i.customer_id = f.customer_id
		where i.id is null or f.customer_id is null or i.total_vnd <> f.total
			or i.water_amount_vnd <> f.water or i.vat_vnd <> f.vat or i.env_fee_vnd <> f.env_fee
			or i.drainage_vnd <> f.drainage or i.drainage_vat_vnd <> f.drainage_vat
			or i.consumption_m3 <> f.consumption_m3`;
	return {
		floorCount: floor.n,
		floorTotal: floor.total,
		productCount: product.n,
		productTotal: product.total,
		mismatches
	};
}
