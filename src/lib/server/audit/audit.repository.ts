import type { Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export interface AuditEntry {
	actorId: number | null;
	entity: string;
	entityId: string | number;
	action: string;
	oldValues?: unknown;
	newValues?: unknown;
}

/** Appends one audit row; call it with the transaction that made the change. */
export async function writeAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			actor_id: entry.actorId,
			entity: entry.entity,
			entity_id: String(entry.entityId),
			action: entry.action,
			old_values: entry.oldValues === undefined ? null : JSON.stringify(entry.oldValues),
			new_values: entry.newValues === undefined ? null : JSON.stringify(entry.newValues)
		})
		.execute();
}
