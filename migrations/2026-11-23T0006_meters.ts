import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * The index a meter showed when it was put in service (chỉ số đầu khi lắp), m³ with 3
 * decimals. The first reading of a freshly installed meter starts from it; on a replacement
 * it equals meter_replacement.new_initial_index. Null for meters installed before this column
 * existed (their readings already carry the previous index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	alter table meter add column initial_index numeric(12, 3) check (initial_index >= 0);
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(db, `alter table meter drop column if exists initial_index;`);
}
