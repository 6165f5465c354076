// `npm run bench:realtime -- [--staff 2000] [--supervisors 50] [--seconds 60] [--build]`
// Product: the console (server/index.ts on the adapter-node build) on its bench database
// (wl_bench_realtime: the 20,000-customer synthetic utility), with N field staff devices each
// sending a position every 5 s over socket.io (N/5 positions/s, starts staggered) and S
// supervisors listening to 'staff:positions'. Floor, in the same run and with the same load:
// a bare socket.io relay (scripts/bench/realtime-relay.ts) doing the product's server-side
// batching (tracking.ingest.ts flushMs) without session checks, validation or a database.
// The load runs in its own process (scripts/bench/realtime-load.ts), so only the server's
// CPU is counted. Prints ingest rate (rows in staff_position), device→supervisor latency,
// messages lost, CPU per delivered message, the ratios and the targets.
import { openDb, type DbHandle } from '../src/lib/server/db/connection.ts';
import { routeCustomers } from '../src/lib/server/routes/routes.repository.ts';
import { flushMs } from '../src/lib/server/tracking/tracking.ingest.ts';
import { intFlag, parseFlags, runMain } from './bench/args.ts';
import { ensureSeededDb } from './bench/database.ts';
import type { LoadPlan } from './bench/realtime-load.ts';
import { runLoad, startRelay, type RunOutcome } from './bench/realtime-run.ts';
import { ensureBuild, startServer } from './bench/server.ts';
import {
	fmt,
	heading,
	printTable,
	ratio,
	summaryHeader,
	summaryRow,
	target
} from './bench/stats.ts';
import {
	closeSimSessions,
	ensureSimAccounts,
	openSimSessions,
	type SimSession
} from './sim/accounts.ts';

const usage =
	'npm run bench:realtime -- [--staff 2000] [--supervisors 50] [--seconds 60] [--build]';
const customers = 20_000;
const dbName = 'wl_bench_realtime';
// A device's reporting interval, ms (the field view's default).
const intervalMs = 5000;
// Latency budget on top of the server's batching interval, ms (the target).
const latencyBudgetMs = flushMs + 250;
const cpuRatioTarget = 1.5;

function options() {
	const values = parseFlags(
		{
			staff: { type: 'string', default: '2000' },
			supervisors: { type: 'string', default: '50' },
			seconds: { type: 'string', default: '60' },
			build: { type: 'boolean', default: false }
		},
		usage
	);
	return {
		staff: intFlag('staff', values.staff, 1, 10_000),
		supervisors: intFlag('supervisors', values.supervisors, 1, 500),
		seconds: intFlag('seconds', values.seconds, 5, 3600),
		build: values.build === true
	};
}

/** Accounts and sessions for the load; each device starts at its route's first customer. */
async function prepareLoad(handle: DbHandle, staff: number, supervisors: number) {
	const devices = await ensureSimAccounts(handle.db, staff, {
		prefix: 'bench',
		role: 'field',
		fullName: 'Thiết bị đo tải'
	});
	const watchers = await ensureSimAccounts(handle.db, supervisors, {
		prefix: 'bench-sup',
		role: 'supervisor',
		fullName: 'Giám sát đo tải'
	});
	const accounts = [...devices, ...watchers];
	await closeSimSessions(handle.db, accounts);
	const deviceSessions = await openSimSessions(handle.db, devices);
	const watcherSessions = await openSimSessions(handle.db, watchers);
	const starts = new Map<number, { lon: number; lat: number }>();
	for (const s of deviceSessions)
		if (s.routeId !== null && !starts.has(s.routeId)) {
			const [first] = await routeCustomers(handle.db, s.routeId);
			starts.set(s.routeId, { lon: first.lon, lat: first.lat });
		}
	return {
		accounts,
		staffIds: devices.map((d) => d.id),
		plan: (origin: string, seconds: number): LoadPlan => ({
			origin,
			intervalMs,
			warmupMs: intervalMs,
			seconds,
			staff: deviceSessions.map((s: SimSession) => ({
				staffId: s.id,
				cookie: s.cookie,
				...starts.get(s.routeId!)!
			})),
			supervisors: watcherSessions.map((s) => ({ cookie: s.cookie }))
		})
	};
}

/** Rows written to staff_position by the bench's devices with a time inside the window. */
async function rowsInWindow(handle: DbHandle, staffIds: number[], from: number, to: number) {
	const [{ n }] = await handle.sql<{ n: number }[]>`
		select count(*)::int as n from staff_position
		where staff_id = any(${staffIds}::int[])
			and recorded_at >= ${new Date(from)} and recorded_at < ${new Date(to)}`;
	return n;
}

function report(label: string, run: RunOutcome) {
	const { result } = run;
	const delivered = result.received.reduce((s, n) => s + n, 0);
	const lost = result.received.reduce((s, n) => s + Math.max(0, result.sent - n), 0);
	return {
		label,
		delivered,
		lost,
		sentPerS: result.sent / ((result.windowEnd - result.windowStart) / 1000),
		cpuPerMessageUs: (run.serverCpuS / delivered) * 1e6,
		...result
	};
}

runMain(async () => {
	const o = options();
	ensureBuild(o.build);
	const db = await ensureSeededDb(dbName, customers);
	const server = await startServer(db.url, customers);
	const handle = openDb(db.url, { max: 4 });
	try {
		console.log(`preparing ${o.staff} devices and ${o.supervisors} supervisors…`);
		const load = await prepareLoad(handle, o.staff, o.supervisors);
		console.log(
			`load: ${o.staff} devices × 1 position / ${intervalMs / 1000} s = ` +
				`${(o.staff / (intervalMs / 1000)).toFixed(0)} positions/s, ${o.supervisors} supervisors, ` +
				`${o.seconds} s window after ${intervalMs / 1000} s of warm-up; server batching ${flushMs} ms`
		);

		heading('floor: bare socket.io relay');
		const relay = await startRelay();
		const floor = report(
			'relay (floor)',
			await runLoad(load.plan(relay.origin, o.seconds), relay.pid)
		);
		relay.stop();

		heading('product: the console');
		const productRun = report(
			'product',
			await runLoad(load.plan(server.origin, o.seconds), server.pid)
		);
		const rows = await rowsInWindow(
			handle,
			load.staffIds,
			productRun.windowStart,
			productRun.windowEnd
		);
		const ingestPerS = rows / o.seconds;
		await closeSimSessions(handle.db, load.accounts);

		heading('device → supervisor latency, ms');
		printTable([
			summaryHeader,
			summaryRow(floor.label, floor.latency),
			summaryRow(productRun.label, productRun.latency)
		]);
		heading('throughput and cost');
		printTable([
			[
				'',
				'sent/s',
				'delivered',
				'lost',
				'ack failures',
				'server CPU s',
				'CPU µs/message',
				'load lag p99 ms'
			],
			...[floor, productRun].map((r) => [
				r.label,
				fmt(r.sentPerS),
				String(r.delivered),
				String(r.lost),
				String(r.ackFailures),
				fmt((r.cpuPerMessageUs * r.delivered) / 1e6, 2),
				fmt(r.cpuPerMessageUs, 2),
				fmt(r.loadLagP99Ms)
			])
		]);
		console.log(
			`\n  ingest: ${fmt(ingestPerS)} positions/s written to staff_position (${rows} rows in ${o.seconds} s)`
		);
		console.log(
			`  p99 ratio ${ratio(productRun.latency.p99, floor.latency.p99)}, CPU per message ratio ${ratio(productRun.cpuPerMessageUs, floor.cpuPerMessageUs)}`
		);
		heading('targets');
		target('messages lost', productRun.lost === 0, String(productRun.lost), '0');
		target(
			'ingest rate',
			ingestPerS >= productRun.sentPerS * 0.99,
			`${fmt(ingestPerS)} positions/s`,
			`the ${fmt(productRun.sentPerS)} sent/s`
		);
		target(
			'latency p99',
			productRun.latency.p99 <= latencyBudgetMs,
			`${fmt(productRun.latency.p99)} ms`,
			`≤ ${latencyBudgetMs} ms: batching ${flushMs} ms + 250 ms`
		);
		target(
			'CPU per delivered message',
			productRun.cpuPerMessageUs <= floor.cpuPerMessageUs * cpuRatioTarget,
			`${fmt(productRun.cpuPerMessageUs, 2)} µs (${ratio(productRun.cpuPerMessageUs, floor.cpuPerMessageUs)} the floor)`,
			`≤ ${cpuRatioTarget}× the floor's ${fmt(floor.cpuPerMessageUs, 2)} µs`
		);
	} finally {
		await handle.close();
		await server.stop();
	}
});
