// The benchmarks' databases: a named database on the machine's PostgreSQL holding the
// synthetic utility (seed 1) at a given size. Seeding 1M customers takes ~3 min, so a database
// that already holds exactly that many customers under the current migrations is reused.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { openDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest, migrationsDir } from '../../src/lib/server/db/migrate.ts';
import { adminUrl } from '../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

export interface BenchDb {
	name: string;
	url: string;
	reused: boolean;
	/** Wall time of creating, migrating and seeding, seconds (0 when reused). */
	seconds: number;
}

/** Default database name for a size: wl_bench_1m, wl_bench_20k, wl_bench_1234. */
export function benchDbName(customers: number): string {
	if (customers % 1_000_000 === 0) return `wl_bench_${customers / 1_000_000}m`;
	if (customers % 1000 === 0) return `wl_bench_${customers / 1000}k`;
	return `wl_bench_${customers}`;
}

function urlOf(name: string): string {
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

/**
 * A fingerprint of migrations/ (names and contents), stored as the database's comment after
 * seeding: a migration edited in a working tree changes it too, not only a new one.
 */
function migrationsFingerprint(): string {
	const hash = createHash('sha256');
	for (const file of readdirSync(migrationsDir).sort()) {
		hash.update(file);
		hash.update(readFileSync(path.join(migrationsDir, file)));
	}
	return `waterline bench: migrations ${hash.digest('hex').slice(0, 16)}`;
}

/** Why the database cannot be reused as it is, or null when it can. */
async function staleReason(
	url: string,
	customers: number,
	fingerprint: string
): Promise<string | null> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [{ comment, count }] = await sql<{ comment: string | null; count: number }[]>`
			select shobj_description(d.oid, 'pg_database') as comment,
				(select count(*)::int from customer) as count
			from pg_database d where d.datname = current_database()`;
		if (comment !== fingerprint) return 'it was seeded under other migrations (or not completely)';
		if (count !== customers) return `it holds ${count} customers, not ${customers}`;
		return null;
	} catch (error) {
		return `it cannot be read (${(error as Error).message})`;
	} finally {
		await sql.end();
	}
}

async function exists(admin: postgres.Sql, name: string): Promise<boolean> {
	const rows = await admin`select 1 from pg_database where datname = ${name}`;
	return rows.length > 0;
}

/**
 * Makes sure `name` holds the synthetic utility with `customers` customers (seed 1) under the
 * current migrations: reused when it does, otherwise dropped, created, migrated and seeded.
 * Says which, and how long the seeding took.
 */
export async function ensureSeededDb(name: string, customers: number): Promise<BenchDb> {
	const url = urlOf(name);
	const fingerprint = migrationsFingerprint();
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		if (await exists(admin, name)) {
			const reason = await staleReason(url, customers, fingerprint);
			if (reason === null) {
				console.log(`database ${name}: reused (${customers} customers, current migrations)`);
				return { name, url, reused: true, seconds: 0 };
			}
			console.log(`database ${name}: re-creating it, because ${reason}`);
		}
		const started = performance.now();
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
		await seedFresh(url, customers);
		// Written last: a database whose seed was interrupted has no fingerprint.
		await admin.unsafe(`comment on database ${name} is '${fingerprint}'`);
		const seconds = (performance.now() - started) / 1000;
		console.log(`database ${name}: created, migrated and seeded in ${seconds.toFixed(1)} s`);
		return { name, url, reused: false, seconds };
	} finally {
		await admin.end();
	}
}

async function seedFresh(url: string, customers: number): Promise<void> {
	const handle = openDb(url, { max: 2 });
	try {
		await handle.sql`create extension if not exists postgis`;
		await migrateToLatest(handle.db);
		let lastPrinted = 0;
		await seedDatabase(handle.sql, {
			customers,
			seed: 1,
			bulk: 'copy',
			onProgress: ({ customersDone }) => {
				// A line every ~10% so a 3-minute seed shows it is alive.
				if (customersDone - lastPrinted >= customers / 10 || customersDone === customers) {
					lastPrinted = customersDone;
					console.log(`  seeded ${customersDone} / ${customers} customers`);
				}
			}
		});
		// Set the visibility map and hint bits now, as autovacuum would on a settled database,
		// so the first timed reads do not pay for writing them (and reading's index-only scans work).
		await handle.sql`vacuum (analyze) customer, customer_map, customer_cell, zone, master_meter, reading`;
	} finally {
		await handle.close();
	}
}
