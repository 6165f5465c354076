// Generates the synthetic utility into the database: `npm run seed -- --customers N --seed S [--reset]`.
// DATABASE_URL set: real PostgreSQL, bulk COPY. Unset: the embedded PGlite under DATA_DIR
// (default ./data), batched INSERTs. Migrates first either way.
import { parseArgs } from 'node:util';
import { openDb, type DbHandle } from '../src/lib/server/db/connection.ts';
import { startEmbeddedDb, type EmbeddedDb } from '../src/lib/server/db/embedded.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { seedDatabase, SeedRefusedError } from '../src/lib/server/seed/seed.ts';

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

function intOption(
	raw: string | undefined,
	name: string,
	fallback: number,
	min: number,
	max: number
): number {
	if (raw === undefined) return fallback;
	const value = /^[0-9]+$/.test(raw.trim()) ? Number(raw) : NaN;
	if (!Number.isSafeInteger(value) || value < min || value > max)
		fail(`--${name}: must be an integer between ${min} and ${max}`);
	return value;
}

let parsed;
try {
	parsed = parseArgs({
		options: {
			customers: { type: 'string' },
			seed: { type: 'string' },
			reset: { type: 'boolean', default: false }
		},
		strict: true
	});
} catch (error) {
	fail(`${(error as Error).message}\nusage: npm run seed -- [--customers N] [--seed S] [--reset]`);
}
const customers = intOption(parsed.values.customers, 'customers', 20_000, 1, 2_000_000);
const seed = intOption(parsed.values.seed, 'seed', 1, 0, 4_294_967_295);
const reset = parsed.values.reset;

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
let embedded: EmbeddedDb | undefined;
let handle: DbHandle | undefined;
try {
	let url = process.env.DATABASE_URL;
	const bulk = url ? 'copy' : 'insert';
	if (!url) {
		const dataDir = process.env.DATA_DIR ?? './data';
		console.log(`embedded database in ${dataDir}`);
		embedded = await startEmbeddedDb(dataDir);
		url = embedded.url;
		console.log(`embedded database started (${seconds()} s)`);
	}
	// One connection: the seed is one transaction, and PGlite serves a single session.
	handle = openDb(url, { max: 1 });
	const applied = await migrateToLatest(handle.db);
	if (applied.length) console.log(`migrated: ${applied.join(', ')} (${seconds()} s)`);
	console.log(`seeding ${customers} customers, seed ${seed} (${bulk})${reset ? ', reset' : ''}`);
	let lastReport = 0;
	const { counts } = await seedDatabase(handle.sql, {
		customers,
		seed,
		reset,
		bulk,
		onProgress: ({ customersDone, rows }) => {
			const now = performance.now();
			if (now - lastReport < 2000 && customersDone < customers) return;
			lastReport = now;
			const pct = ((100 * customersDone) / customers).toFixed(0);
			console.log(
				`  ${seconds()} s  ${customersDone}/${customers} customers (${pct}%), ${rows} rows`
			);
		}
	});
	console.log(`done in ${seconds()} s`);
	for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(20)} ${n}`);
} catch (error) {
	if (error instanceof SeedRefusedError) console.error(`refused: ${error.message}`);
	else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
} finally {
	await handle?.close();
	await embedded?.stop();
}
