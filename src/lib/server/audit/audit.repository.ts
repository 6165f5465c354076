import { sql, type Kysely } from 'kysely';
import type { DB, JsonValue } from '../db/types.gen.ts';

export interface AuditEntry {
	actorId: number | null;
	entity: string;
	entityId: string | number;
	action: string;
	oldValues?: unknown;
	newValues?: unknown;
}

// postgres.js serialises a parameter it sees used as jsonb with JSON.stringify itself, so the
// object goes as it is (a pre-stringified value would be stored as a JSON string).
function asJsonb(value: unknown) {
	return value === undefined || value === null ? null : sql<JsonValue>`${value}::jsonb`;
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
			old_values: asJsonb(entry.oldValues),
			new_values: asJsonb(entry.newValues)
		})
		.execute();
}
