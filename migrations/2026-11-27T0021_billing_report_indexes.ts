import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Indexes the billing reports need at a million customers (tens of millions of invoices):
 * bills voided after a day (they were still debts on it), without scanning the invoice table.
 * Partial, so it holds the few rows it is for. (Adjustments are found from their originals by
 * invoice_original_idx, made with the billing schema in 0017.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create index invoice_voided_idx on invoice (voided_at) where status = 'cancelled';
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop index if exists invoice_voided_idx;
	`
	);
}
