// `npm run bench:nrw -- [--customers N] [--db NAME] [--runs K]` (default 1,000,000 customers,
// 12 months of readings each, 3 runs).
// Product: the water balance of every zone for one month as the NRW job computes it
// (computeMonth: three periods of readings prorated by days onto the calendar month, master
// meters, settings, the pure balance per zone, quality, and the month stored), end to end.
// Floor, same run, same database, same month: the bare aggregate SQL a balance cannot do
// without, each zone's customer consumption of the period and its master meters' net volume.
// The month is the newest one whose next period is read, so proration has both sides. Prints
// the median of each, their ratio, and the target (≤ 5 s for all zones).
import { sql as kysql } from 'kysely';
import { openDb } from '../src/lib/server/db/connection.ts';
import { computeMonth } from '../src/lib/server/nrw/compute.service.ts';
import { dbNameFlag, intFlag, parseFlags, runMain } from './bench/args.ts';
import { benchDbName, ensureSeededDb } from './bench/database.ts';
import { fmt, heading, median, printTable, ratio, target } from './bench/stats.ts';

const usage = 'npm run bench:nrw -- [--customers N] [--db wl_bench_NAME] [--runs K]';

runMain(async () => {
	const flags = parseFlags(
		{
			customers: { type: 'string', default: '1000000' },
			db: { type: 'string' },
			runs: { type: 'string', default: '3' }
		},
		usage
	);
	const customers = intFlag('customers', flags.customers, 1000, 2_000_000);
	const runs = intFlag('runs', flags.runs, 1, 20);
	const name = flags.db ? dbNameFlag(flags.db) : benchDbName(customers);
	const bench = await ensureSeededDb(name, customers);
	const handle = openDb(bench.url, { max: 2 });
	const { sql, db } = handle;
	try {
		const [period] = await sql<{ id: number; month: string }[]>`
			select p.id, p.period_month::text as month from reading_period p
			join reading_period n on n.period_month = (p.period_month + interval '1 month')::date
			where exists (select 1 from reading r where r.period_id = n.id)
			order by p.period_month desc limit 1`;
		const [{ readings }] = await sql<{ readings: number }[]>`
			select count(*)::int as readings from reading`;
		const [{ zones }] = await sql<{ zones: number }[]>`select count(*)::int as zones from zone`;
		heading(
			`bench:nrw: ${customers.toLocaleString('en')} customers, ` +
				`${readings.toLocaleString('en')} readings, ${zones} zones, month ${period.month}`
		);

		const floorOnce = async () => {
			const started = performance.now();
			const rows = await floor(db, period.id, period.month);
			return { s: (performance.now() - started) / 1000, rows };
		};
		const productOnce = async () => {
			const started = performance.now();
			const summary = await computeMonth(db, period.month);
			return { s: (performance.now() - started) / 1000, summary };
		};
		// One warm-up of each, then alternate so both see the same cache and load.
		await floorOnce();
		await productOnce();
		const floors: number[] = [];
		const products: number[] = [];
		let last: Awaited<ReturnType<typeof productOnce>> | null = null;
		let lastFloor: Awaited<ReturnType<typeof floorOnce>> | null = null;
		for (let k = 0; k < runs; k++) {
			lastFloor = await floorOnce();
			floors.push(lastFloor.s);
			last = await productOnce();
			products.push(last.s);
		}
		const f = median(floors);
		const p = median(products);
		const check = await agreement(sql, period.month, lastFloor!.rows);
		printTable([
			['', 'median s', 'runs', 'zones'],
			['floor (bare aggregate SQL)', fmt(f, 2), floors.map((s) => fmt(s, 2)).join(' '), `${zones}`],
			[
				'product (computeMonth)',
				fmt(p, 2),
				products.map((s) => fmt(s, 2)).join(' '),
				`${last!.summary.complete}/${last!.summary.zones} complete`
			]
		]);
		console.log(`  ratio product / floor: ${ratio(p, f)}`);
		console.log(
			`  SIV all zones: product ${fmt(check.productSiv, 0)} m³, floor ${fmt(check.floorSiv, 0)} m³; ` +
				`billed metered: product ${fmt(check.productBilled, 0)} m³ (prorated), ` +
				`floor ${fmt(check.floorBilled, 0)} m³ (period's readings)`
		);
		target('all zones, one month', p <= 5, `${fmt(p, 2)} s`, '≤ 5 s');
		target('system input agrees with the floor', check.sivAgrees, 'Σ SIV', 'equal to 1 m³');
	} finally {
		await handle.close();
	}
});

interface FloorRow {
	zone_id: number;
	billed: number;
	siv: number;
}

/** The bare aggregates: a period's consumption per zone, and master meters' net volume. */
async function floor(db: ReturnType<typeof openDb>['db'], periodId: number, month: string) {
	const { rows } = await kysql<FloorRow>`
		with billed as (
			select c.zone_id, sum(r.consumption_m3)::float8 as billed
			from reading r join customer c on c.id = r.customer_id
			where r.period_id = ${periodId} group by c.zone_id
		), siv as (
			select mm.zone_id, sum(case mm.direction when 'in' then v.volume_m3 else -v.volume_m3 end)::float8 as siv
			from master_meter mm join master_meter_volume v on v.master_meter_id = mm.id
			where v.period_month = ${month}::date group by mm.zone_id
		)
		select coalesce(b.zone_id, s.zone_id) as zone_id, coalesce(billed, 0) as billed,
			coalesce(siv, 0) as siv
		from billed b full join siv s using (zone_id)`.execute(db);
	return rows;
}

async function agreement(sql: ReturnType<typeof openDb>['sql'], month: string, rows: FloorRow[]) {
	const [product] = await sql<{ siv: number; billed: number }[]>`
		select coalesce(sum((input->>'systemInput')::float8), 0) as siv,
			coalesce(sum((input->>'billedMetered')::float8), 0) as billed
		from nrw_balance where period_month = ${month}`;
	const floorSiv = rows.reduce((s, r) => s + r.siv, 0);
	const floorBilled = rows.reduce((s, r) => s + r.billed, 0);
	return {
		productSiv: product.siv,
		floorSiv,
		productBilled: product.billed,
		floorBilled,
		sivAgrees: Math.abs(product.siv - floorSiv) < 1
	};
}
