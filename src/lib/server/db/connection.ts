import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { DB } from './types.gen.ts';

export type Database = Kysely<DB>;

export interface DbHandle {
	db: Database;
	sql: postgres.Sql;
	close(): Promise<void>;
}

/** Opens postgres.js + Kysely on a connection URL (real PostgreSQL or the embedded socket). */
export function openDb(url: string, options: { max?: number } = {}): DbHandle {
	const client = postgres(url, {
		max: options.max ?? 10,
		onnotice: () => {},
		// numeric (m³) and int8 (VND, big ids) arrive as strings, as the generated types say.
		// Dates stay 'YYYY-MM-DD' strings: they are calendar dates in Asia/Ho_Chi_Minh, not instants.
		types: {
			date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x }
		},
		connection: { application_name: 'waterline', TimeZone: 'Asia/Ho_Chi_Minh' }
	});
	const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: client }) });
	return { db, sql: client, close: () => db.destroy() };
}

/**
 * The process-wide database. server/index.ts and the SvelteKit bundle load this module
 * separately, so the handle lives on globalThis: one pool per process.
 */
const key = Symbol.for('waterline.db');
type Holder = { [key]?: DbHandle };

export function getDbHandle(): DbHandle {
	const holder = globalThis as Holder;
	if (!holder[key]) {
		const url = process.env.DATABASE_URL;
		if (!url) throw new Error('DATABASE_URL is not set: start the app through server/index.ts');
		holder[key] = openDb(url);
	}
	return holder[key];
}

export function getDb(): Database {
	return getDbHandle().db;
}

export async function closeDb(): Promise<void> {
	const holder = globalThis as Holder;
	await holder[key]?.close();
	delete holder[key];
}
