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

/**
 * Creates an empty database with PostGIS on the test server. Each test file gets its own, so
 * files run in parallel without seeing each other's rows.
 */
export async function createScratchDb(label: string): Promise<ScratchDb> {
	const name = `wl_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 1e6}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
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
