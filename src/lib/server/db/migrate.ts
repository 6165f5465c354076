import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely/migration';

export const migrationsDir = path.resolve(import.meta.dirname, '../../../../migrations');

export class MigrationError extends Error {}

function migrator(db: Kysely<unknown>): Migrator {
	return new Migrator({
		db,
		provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsDir })
	});
}

/**
 * Brings the schema up to date. Pending migrations run in one transaction (PostgreSQL has
 * transactional DDL), so a failure applies none of them, and Kysely refuses a database that has applied a migration this code
 * does not know: such a database is ahead of the code, and the app must not start on it.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
	const result: MigrationResultSet = await migrator(db).migrateToLatest();
	const failed = result.results?.find((r) => r.status === 'Error');
	if (result.error || failed) {
		const cause = result.error instanceof Error ? result.error.message : String(result.error);
		throw new MigrationError(
			`Migration ${failed?.migrationName ?? ''} failed: ${cause}. Nothing of this run was applied.`
		);
	}
	return (result.results ?? []).map((r) => r.migrationName);
}
