import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Readings received as a workbook name the reading period they belong to (chosen at upload,
 * the open period by default); a customer import has none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	alter table import_batch add column period_id integer references reading_period(id);
	alter table import_batch add constraint import_batch_period_check
		check ((kind = 'readings') = (period_id is not null));
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`alter table import_batch drop constraint if exists import_batch_period_check;
	alter table import_batch drop column if exists period_id;`
	);
}
