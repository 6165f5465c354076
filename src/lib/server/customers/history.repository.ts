/**
 * Audit entries about a customer or something of theirs, newest first. Entries about the
 * customer row match on (entity, entity_id); entries about their meter, contract, contact,
 * status change, attachment or route move carry customer_id in new_values (old_values for
 * deletions), served by the expression indexes of migration 0005.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export const HISTORY_PAGE_SIZE = 30;

export interface HistoryRow {
	id: string;
	at: Date;
	actor: string | null;
	entity: string;
	action: string;
	oldValues: Record<string, unknown> | null;
	newValues: Record<string, unknown> | null;
}

export async function customerHistory(
	db: Kysely<DB>,
	customerId: number,
	page: number
): Promise<{ rows: HistoryRow[]; more: boolean }> {
	const key = String(customerId);
	const { rows } = await sql<HistoryRow>`
		with hits as (
			select id from audit_log where entity = 'customer' and entity_id = ${key}
			union
			select id from audit_log where new_values ? 'customer_id'
				and (new_values ->> 'customer_id') = ${key}
			union
			select id from audit_log where old_values ? 'customer_id'
				and (old_values ->> 'customer_id') = ${key}
		)
		select a.id::text as id, a.at, s.full_name as actor, a.entity, a.action,
			a.old_values as "oldValues", a.new_values as "newValues"
		from hits h join audit_log a on a.id = h.id
		left join staff s on s.id = a.actor_id
		order by a.at desc, a.id desc
		limit ${HISTORY_PAGE_SIZE + 1} offset ${(page - 1) * HISTORY_PAGE_SIZE}`.execute(db);
	return { rows: rows.slice(0, HISTORY_PAGE_SIZE), more: rows.length > HISTORY_PAGE_SIZE };
}
