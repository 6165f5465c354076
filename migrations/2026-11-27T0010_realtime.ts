import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * The table @socket.io/postgres-adapter uses between app processes: an event whose packet is
 * over the NOTIFY payload limit (8,000 bytes) or carries binary data is stored here and only
 * its id travels by NOTIFY. Rows live for seconds (the adapter deletes those older than its
 * cleanup interval, 30 s), so the table is unlogged: no WAL, and losing it in a crash loses
 * only events whose recipients reload their state on reconnect anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create unlogged table socket_io_attachments (
		id bigint generated always as identity primary key,
		created_at timestamptz not null default now(),
		payload bytea not null
	);
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(db, `drop table if exists socket_io_attachments;`);
}
