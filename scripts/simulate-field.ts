// `npm run simulate:field -- --staff N [--url http://127.0.0.1:3000] [--interval-s 5]
//   [--speed-kmh 4] [--work-scale 0.1]`
// Drives N virtual field staff through a running server's real socket.io and JSON APIs: they
// go on duty, walk their routes reporting positions, and accept, carry out and complete the
// orders dispatchers assign them. Accounts sim-0001… (role field, one route each) are created
// in the server's database (DATABASE_URL) on first use; see scripts/sim/accounts.ts.
// Ctrl-C puts everyone off duty, closes the sockets and deletes the sessions.
import { intFlag, parseFlags, runMain, UsageError } from './bench/args.ts';
import { openDb } from '../src/lib/server/db/connection.ts';
import { startCrew } from './sim/crew.ts';

const usage =
	'npm run simulate:field -- --staff N [--url http://127.0.0.1:3000] [--interval-s 5] ' +
	'[--speed-kmh 4] [--work-scale 0.1]';

function numberFlag(name: string, raw: string | undefined, min: number, max: number): number {
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || value > max)
		throw new UsageError(
			`--${name}: must be a number from ${min} to ${max} (got ${JSON.stringify(raw)})`
		);
	return value;
}

function options() {
	const values = parseFlags(
		{
			staff: { type: 'string' },
			url: { type: 'string', default: 'http://127.0.0.1:3000' },
			'interval-s': { type: 'string', default: '5' },
			'speed-kmh': { type: 'string', default: '4' },
			'work-scale': { type: 'string', default: '0.1' }
		},
		usage
	);
	if (values.staff === undefined) throw new UsageError(`--staff is required\nusage: ${usage}`);
	let origin: string;
	try {
		origin = new URL(values.url!).origin;
	} catch {
		throw new UsageError(`--url: not a URL (got ${JSON.stringify(values.url)})`);
	}
	const databaseUrl = process.env.DATABASE_URL;
	if (!databaseUrl)
		throw new UsageError(
			'DATABASE_URL: set it to the server’s database (the simulator creates its accounts ' +
				'there). With the embedded database, `npm run demo` starts the simulator itself ' +
				'(SIM_STAFF, default 20).'
		);
	return {
		databaseUrl,
		origin,
		staff: intFlag('staff', values.staff, 1, 5000),
		intervalS: numberFlag('interval-s', values['interval-s'], 1, 600),
		speedKmh: numberFlag('speed-kmh', values['speed-kmh'], 0.5, 60),
		workScale: numberFlag('work-scale', values['work-scale'], 0.001, 1)
	};
}

runMain(async () => {
	const o = options();
	const handle = openDb(o.databaseUrl, { max: 2 });
	const crew = await startCrew(handle.db, o);
	await new Promise<void>((resolve) => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
	console.log('\nsimulator: stopping (off duty, sockets closed, sessions deleted)…');
	await crew.stop();
	await handle.close();
});
