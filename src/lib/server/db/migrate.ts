import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely/migration';

export const migrationsDir = path.resolve(import.meta.dirname, '../../../../migrations');

export class MigrationError extends Error {}

function migrator(db: Kysely<unknown>, folder: string): Migrator {
	return new Migrator({
		db,
		provider: new FileMigrationProvider({ fs, path, migrationFolder: folder })
	});
}

/**
 * Brings the schema up to date. Pending migrations run in one transaction (PostgreSQL has
 * transactional DDL), so a failure applies none of them. A database that has applied a
 * migration this code does not know is ahead of the code, and the app must not start on it.
 */
export async function migrateToLatest<T>(db: Kysely<T>, folder = migrationsDir): Promise<string[]> {
	const result: MigrationResultSet = await migrator(
		db as unknown as Kysely<unknown>,
		folder
	).migrateToLatest();
	const failed = result.results?.find((r) => r.status === 'Error');
	if (result.error || failed) {
		const cause = result.error instanceof Error ? result.error.message : String(result.error);
		if (/previously executed migration .* is missing/.test(cause))
			throw new MigrationError(
				`The database is ahead of this code (${cause}): refusing to start. Deploy the newer code.`
			);
		throw new MigrationError(
			`Migration ${failed?.migrationName ?? '(setup)'} failed: ${cause}. Nothing of this run was applied.`
		);
	}
	return (result.results ?? []).map((r) => r.migrationName);
}
