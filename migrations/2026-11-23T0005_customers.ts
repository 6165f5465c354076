import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Indexes for the customers list and the customer's history timeline, at 1M customers:
 *  - the list sorts by name or creation date and pages with the id as tie-breaker;
 *  - the timeline finds audit entries about things of a customer (meter, contract, contact…)
 *    by the customer_id those entries carry in new_values (old_values for deletions).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create index customer_name_idx on customer (name, id);
	create index customer_created_idx on customer (created_at, id);
	create index audit_log_new_customer_idx on audit_log (((new_values ->> 'customer_id')))
		where new_values ? 'customer_id';
	create index audit_log_old_customer_idx on audit_log (((old_values ->> 'customer_id')))
		where old_values ? 'customer_id';
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`drop index if exists customer_name_idx, customer_created_idx, audit_log_new_customer_idx,
			audit_log_old_customer_idx;`
	);
}
