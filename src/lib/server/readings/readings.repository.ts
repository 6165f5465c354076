/** Periods, rules and the reading rows themselves. Plain functions taking db or trx first. */
import { sql, type Kysely } from 'kysely';
import type { ReadingRules } from '../../domain/readings/anomalies.ts';
import type { EvaluatedReading } from '../../domain/readings/evaluate.ts';
import type { DB } from '../db/types.gen.ts';

export interface PeriodRow {
	id: number;
	period_month: string;
	status: 'open' | 'closed' | 'locked';
	opened_at: Date;
	closed_at: Date | null;
	locked_at: Date | null;
}

const periodColumns = sql`id, period_month::text as period_month, status, opened_at, closed_at, locked_at`;

export async function findPeriod(db: Kysely<DB>, id: number): Promise<PeriodRow | undefined> {
	const { rows } =
		await sql<PeriodRow>`select ${periodColumns} from reading_period where id = ${id}`.execute(db);
	return rows[0];
}

/** The open period (at most one, by a unique index). */
export async function openPeriod(db: Kysely<DB>): Promise<PeriodRow | undefined> {
	const { rows } = await sql<PeriodRow>`
		select ${periodColumns} from reading_period where status = 'open'`.execute(db);
	return rows[0];
}

export async function listPeriods(db: Kysely<DB>, limit = 24): Promise<PeriodRow[]> {
	const { rows } = await sql<PeriodRow>`
		select ${periodColumns} from reading_period order by period_month desc limit ${limit}`.execute(db);
	return rows;
}

export async function readingRules(
	db: Kysely<DB>
): Promise<ReadingRules & { autoLockDays: number | null }> {
	const row = await db.selectFrom('reading_rules').selectAll().executeTakeFirstOrThrow();
	return {
		tolerancePct: Number(row.tolerance_pct),
		toleranceM3: Number(row.tolerance_m3),
		maxDistanceM: row.max_distance_m,
		photoRequired: row.photo_required,
		autoLockDays: row.auto_lock_days
	};
}

export async function readingByClientKey(db: Kysely<DB>, key: string) {
	return db
		.selectFrom('reading_client_key')
		.select('reading_id as id')
		.where('client_key', '=', key)
		.executeTakeFirst();
}

/** Remembers the key; a concurrent replay of the same key fails here (unique violation). */
export async function rememberClientKey(
	db: Kysely<DB>,
	key: string,
	readingId: number
): Promise<void> {
	await db
		.insertInto('reading_client_key')
		.values({ client_key: key, reading_id: String(readingId) })
		.execute();
}

export interface ReadingWrite {
	periodId: number;
	customerId: number;
	meterId: number;
	replacementId: number | null;
	evaluated: EvaluatedReading;
	source: 'grid' | 'field' | 'import' | 'review';
	noteCode: string | null;
	note: string | null;
	readAt: Date;
	readerId: number | null;
	enteredBy: number;
	position: { lon: number; lat: number; accuracyM?: number | null } | null;
}

/**
 * Inserts the period's reading of the customer, or replaces it (a second entry in an open
 * period overwrites the first; the caller audits the old values). Returns the id.
 */
export async function upsertReading(db: Kysely<DB>, w: ReadingWrite): Promise<number> {
	const e = w.evaluated;
	const geom = w.position
		? sql`ST_SetSRID(ST_MakePoint(${w.position.lon}, ${w.position.lat}), 4326)`
		: sql`null`;
	const { rows } = await sql<{ id: string }>`
		insert into reading (period_id, customer_id, meter_id, previous_index, current_index,
			consumption_m3, kind, read_at, reader_id, geom, note, source, note_code, flags,
			review_status, rollover, gps_accuracy_m, distance_m, replacement_id, old_meter_m3,
			settled_estimate_m3, credit_m3, entered_by, entered_at, updated_at)
		values (${w.periodId}, ${w.customerId}, ${w.meterId}, ${e.previousIndex}, ${e.currentIndex},
			${e.consumptionM3}, ${e.kind}, ${w.readAt}, ${w.readerId}, ${geom}, ${w.note}, ${w.source},
			${w.noteCode}, ${e.flags}::text[], ${e.reviewStatus}, ${e.rollover},
			${w.position?.accuracyM ?? null}, ${e.distanceM}, ${w.replacementId}, ${e.oldMeterM3},
			${e.settledEstimateM3}, ${e.creditM3}, ${w.enteredBy}, now(), now())
		on conflict (period_id, customer_id) do update set
			meter_id = excluded.meter_id, previous_index = excluded.previous_index,
			current_index = excluded.current_index, consumption_m3 = excluded.consumption_m3,
			kind = excluded.kind, read_at = excluded.read_at, reader_id = excluded.reader_id,
			geom = excluded.geom, note = excluded.note, source = excluded.source,
			note_code = excluded.note_code, flags = excluded.flags,
			review_status = excluded.review_status, rollover = excluded.rollover,
			gps_accuracy_m = excluded.gps_accuracy_m, distance_m = excluded.distance_m,
			replacement_id = excluded.replacement_id, old_meter_m3 = excluded.old_meter_m3,
			settled_estimate_m3 = excluded.settled_estimate_m3, credit_m3 = excluded.credit_m3,
			entered_by = excluded.entered_by, entered_at = excluded.entered_at, updated_at = now()
		returning id`.execute(db);
	return Number(rows[0].id);
}

export interface CorrectionWrite {
	readingId: number;
	periodId: number;
	field:
		'previous_index' | 'current_index' | 'consumption_m3' | 'kind' | 'review_status' | 'note_code';
	oldValue: string | number | null;
	newValue: string | number | null;
	reason: string;
	actorId: number;
}

export async function insertCorrections(db: Kysely<DB>, rows: CorrectionWrite[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insertInto('reading_correction')
		.values(
			rows.map((r) => ({
				reading_id: r.readingId,
				period_id: r.periodId,
				field: r.field,
				old_value: r.oldValue === null ? null : String(r.oldValue),
				new_value: r.newValue === null ? null : String(r.newValue),
				reason: r.reason,
				actor_id: r.actorId
			}))
		)
		.execute();
}

/** The customer's route (null when in none), or undefined when there is no such customer. */
export async function customerRoute(
	db: Kysely<DB>,
	customerId: number
): Promise<number | null | undefined> {
	const c = await db
		.selectFrom('customer')
		.select('route_id')
		.where('id', '=', customerId)
		.executeTakeFirst();
	return c ? c.route_id : undefined;
}

/** What a recorded reading answers with (also to a replay of its key). */
export async function readingSummary(db: Kysely<DB>, id: number) {
	return db
		.selectFrom('reading')
		.select(['id', 'customer_id', 'period_id', 'flags', 'review_status', 'consumption_m3', 'kind'])
		.where('id', '=', String(id))
		.executeTakeFirstOrThrow();
}
