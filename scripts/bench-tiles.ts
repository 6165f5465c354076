// `npm run bench:tiles -- [--customers N] [--db NAME] [--tiles N] [--seed N] [--build]`
// Product: GET /tiles/{layer}/{z}/{x}/{y}.mvt on the real server (server/index.ts, signed in
// as admin), for a fixed set of ≥ 500 tiles over z10–z18 where the customers are. Floor, in
// the same run: the SQL the endpoint runs for each tile (compileTileQuery), sent straight
// through postgres.js. Prints both, their ratio, tile sizes and feature counts, and a warm
// pass that the server's in-process tile cache answers. Default: 1,000,000 customers in
// wl_bench_1m (seeded once, ~3 min, then reused).
import type postgres from 'postgres';
import { openDb, type DbHandle } from '../src/lib/server/db/connection.ts';
import type { TileFilters } from '../src/lib/server/map/map.repository.ts';
import { utilityDate } from '../src/lib/domain/time/utility-date.ts';
import { bareRoundTrip, startBareHttp } from './bench/bare-http.ts';
import { dbNameFlag, intFlag, parseFlags, runMain } from './bench/args.ts';
import { benchDbName, ensureSeededDb } from './bench/database.ts';
import { ensureBuild, startServer } from './bench/server.ts';
import { signIn } from './bench/session.ts';
import { heading, printTable, summarize } from './bench/stats.ts';
import {
	countFeatures,
	fetchTile,
	floorTile,
	makeProbe,
	sameBytes,
	type HttpResult,
	type Probe
} from './bench/tile-probe.ts';
import { buildTileSet, maxZoom, minZoom } from './bench/tile-set.ts';
import { reportTiles, type TileRun } from './bench/tile-report.ts';

const usage =
	'npm run bench:tiles -- [--customers N] [--db wl_bench_NAME] [--tiles N] [--seed N] [--build]';

function options() {
	const values = parseFlags(
		{
			customers: { type: 'string', default: '1000000' },
			db: { type: 'string' },
			tiles: { type: 'string', default: '480' },
			seed: { type: 'string', default: '1' },
			build: { type: 'boolean', default: false }
		},
		usage
	);
	const customers = intFlag('customers', values.customers, 1000, 2_000_000);
	return {
		customers,
		db: dbNameFlag(values.db ?? benchDbName(customers)),
		// Customer tiles; zones and master-meters add 40 each, filtered variants ~1 in 8.
		customerTiles: intFlag('tiles', values.tiles, 50, 5000),
		seed: intFlag('seed', values.seed, 1, 2 ** 31),
		build: values.build === true
	};
}

/**
 * Filters a user sets in the map's filter panel, on the busiest zone, ward and routes, so the
 * filtered tiles are not empty.
 */
async function filterVariants(sql: postgres.Sql): Promise<TileFilters[]> {
	const busiest = (column: string) =>
		sql.unsafe<{ id: number }[]>(
			`select ${column} as id from customer_map where ${column} is not null
			group by 1 order by count(*) desc, 1 limit 3`
		);
	const [zones, wards, routes] = await Promise.all(
		['zone_id', 'ward_id', 'route_id'].map((c) => busiest(c))
	);
	return [
		{ category: ['domestic'] },
		{ category: ['business', 'production'] },
		{ zone: [zones[0].id] },
		{ ward: wards.map((w) => w.id) },
		{ route: routes.map((r) => r.id) }
	];
}

/** The request set: the drawn tiles, and every 8th customer tile again with a filter. */
async function probes(floor: DbHandle, customerTiles: number, seed: number) {
	const { set, spare } = await buildTileSet(floor.sql, { customerTiles, otherTiles: 40, seed });
	const variants = await filterVariants(floor.sql);
	const today = utilityDate();
	const list: Probe[] = [];
	set.forEach((spec, i) => {
		list.push(makeProbe(floor.db, spec, {}, today));
		if (spec.layer === 'customers' && i % 8 === 0)
			list.push(makeProbe(floor.db, spec, variants[(i / 8) % variants.length], today));
	});
	return { list, spare: spare.map((spec) => makeProbe(floor.db, spec, {}, today)) };
}

function printCounts(list: Probe[]): void {
	heading(`tile set: ${list.length} requests`);
	const rows = [['zoom', 'customers', 'filtered', 'zones', 'master-meters', 'total']];
	for (let z = minZoom; z <= maxZoom; z++) {
		const at = list.filter((p) => p.spec.z === z);
		const count = (f: (p: Probe) => boolean) => String(at.filter(f).length);
		const plain = (p: Probe) => Object.keys(p.filters).length === 0;
		rows.push([
			`z${z}`,
			count((p) => p.spec.layer === 'customers' && plain(p)),
			count((p) => !plain(p)),
			count((p) => p.spec.layer === 'zones'),
			count((p) => p.spec.layer === 'master-meters'),
			String(at.length)
		]);
	}
	printTable(rows);
}

function expectStatus(result: HttpResult, probe: Probe, allowed: number[], failures: string[]) {
	if (!allowed.includes(result.status)) failures.push(`HTTP ${result.status} for ${probe.path}`);
}

/** Runs three timings one after another, starting with the (i mod 3)th; results in order. */
async function inRotation<A, B, C>(
	i: number,
	a: () => Promise<A>,
	b: () => Promise<B>,
	c: () => Promise<C>
): Promise<[A, B, C]> {
	const tasks: (() => Promise<unknown>)[] = [a, b, c];
	const results: unknown[] = [];
	for (let k = 0; k < 3; k++) results[(i + k) % 3] = await tasks[(i + k) % 3]();
	return results as [A, B, C];
}

/**
 * The cold pass: each tile once through HTTP and once through each floor. Which side goes first
 * rotates per tile, so none always meets the pages another just read.
 */
async function coldPass(origin: string, cookie: string, floor: postgres.Sql, list: Probe[]) {
	const runs: TileRun[] = [];
	const failures: string[] = [];
	for (const [i, probe] of list.entries()) {
		const [http, prepared, unprepared] = await inRotation(
			i,
			() => fetchTile(origin, probe, cookie),
			() => floorTile(floor, probe, true),
			() => floorTile(floor, probe, false)
		);
		expectStatus(http, probe, [200], failures);
		runs.push({
			probe,
			httpMs: http.ms,
			floorMs: prepared.ms,
			unpreparedMs: unprepared.ms,
			bytes: http.body.byteLength,
			features: http.status === 200 ? countFeatures(http.body) : 0,
			etag: http.etag,
			sameAsFloor: sameBytes(http.body, prepared.body)
		});
	}
	if (failures.length) throw new Error(`cold pass:\n  ${failures.join('\n  ')}`);
	return runs;
}

/** The warm pass: the same set again, plain and conditional; the tile cache now holds it. */
async function warmPass(origin: string, cookie: string, runs: TileRun[]) {
	const failures: string[] = [];
	const plain: number[] = [];
	const conditional: number[] = [];
	let notModified = 0;
	for (const run of runs) {
		const again = await fetchTile(origin, run.probe, cookie);
		expectStatus(again, run.probe, [200], failures);
		plain.push(again.ms);
		const revalidated = await fetchTile(origin, run.probe, cookie, run.etag ?? undefined);
		expectStatus(revalidated, run.probe, [200, 304], failures);
		if (revalidated.status === 304) notModified++;
		conditional.push(revalidated.ms);
	}
	if (failures.length) throw new Error(`warm pass:\n  ${failures.join('\n  ')}`);
	return { plain: summarize(plain), conditional: summarize(conditional), notModified };
}

async function main(): Promise<void> {
	const opts = options();
	console.log(`bench:tiles — ${opts.customers} customers, database ${opts.db}`);
	const db = await ensureSeededDb(opts.db, opts.customers);
	ensureBuild(opts.build);
	const server = await startServer(db.url, opts.customers);
	// One connection, like one request at a time on the server's pool.
	const floor = openDb(db.url, { max: 1 });
	try {
		const session = await signIn(server.origin, 'admin');
		console.log(`server ${server.origin}, signed in as admin`);
		const { list, spare } = await probes(floor, opts.customerTiles, opts.seed);
		printCounts(list);

		// Untimed: every tile's SQL once, so all sides find the same pages in PostgreSQL's
		// buffers; then JIT, pools and the keep-alive connection warmed on tiles outside the set
		// (so the set itself stays uncached).
		for (const probe of list) await floorTile(floor.sql, probe, true);
		for (const probe of spare) await fetchTile(server.origin, probe, session.header);

		const runs = await coldPass(server.origin, session.header, floor.sql, list);
		// HTTP alone, for the same body sizes in the same order (no database involved).
		const bare = await startBareHttp();
		try {
			for (const run of runs.slice(0, 20)) await bareRoundTrip(bare.origin, run.bytes);
			for (const run of runs) run.bareHttpMs = await bareRoundTrip(bare.origin, run.bytes);
		} finally {
			bare.stop();
		}
		const warm = await warmPass(server.origin, session.header, runs);
		reportTiles(runs, warm);
	} finally {
		await server.stop();
		await floor.close();
	}
}

runMain(main);
