import postgres from 'postgres';
import { openDb, type DbHandle } from './connection.ts';

/** Server used by tests, type generation and benchmarks: the machine's PostgreSQL by default. */
export const adminUrl =
	process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDb extends DbHandle {
	url: string;
	name: string;
	drop(): Promise<void>;
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Drops scratch databases left by test processes that died before their clean-up ran. */
async function dropOrphans(admin: postgres.Sql): Promise<void> {
	const rows = await admin<{ datname: string }[]>`
		select datname from pg_database where datname ~ '^wl_[a-z0-9_]+_[0-9]+_[0-9]+$'`;
	for (const { datname } of rows) {
		const pid = Number(datname.split('_').at(-2));
		if (processAlive(pid)) continue;
		// Another worker may be dropping the same one.
		await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {});
	}
}

/**
 * Creates an empty database with PostGIS on the test server. Each test file gets its own, so
 * files run in parallel without seeing each other's rows.
 */
export async function createScratchDb(label: string): Promise<ScratchDb> {
	const name = `wl_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 1e6}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		await dropOrphans(admin);
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const handle = openDb(url.toString());
	await handle.sql`create extension if not exists postgis`;
	return {
		...handle,
		url: url.toString(),
		name,
		async drop() {
			await handle.close();
			const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
			try {
				await again.unsafe(`drop database if exists ${name} with (force)`);
			} finally {
				await again.end();
			}
		}
	};
}
