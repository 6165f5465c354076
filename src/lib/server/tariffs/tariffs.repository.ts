/**
 * SQL for price decisions (tariff_schedule) and the utility's tariff categories. Plain
 * functions taking db or trx first. A schedule row is stored in the shape tariff.md gives a
 * case's schedule (categories, vatRate, charges), so it feeds the quote function as it is.
 */
import { sql, type Kysely } from 'kysely';
import type { ScheduleDraft } from '../../domain/tariff/schedule.ts';
import type { Schedule } from '../../domain/tariff/tariff.schema.ts';
import type { DB, JsonValue } from '../db/types.gen.ts';

type Db = Kysely<DB>;

/** A stored schedule as the quote function takes it (id = its code), with its row id. */
export interface StoredSchedule {
	rowId: number;
	schedule: Schedule;
}

/** Every price decision, oldest first: the quote picks the ones in force day by day. */
export async function scheduleCases(db: Db): Promise<StoredSchedule[]> {
	const rows = await db
		.selectFrom('tariff_schedule')
		.select(['id', 'code', 'effective_from', 'vat_rate', 'categories', 'charges'])
		.orderBy('effective_from')
		.execute();
	return rows.map((r) => ({
		rowId: r.id,
		schedule: {
			id: r.code,
			effectiveFrom: r.effective_from,
			vatRate: Number(r.vat_rate),
			categories: r.categories as Schedule['categories'],
			charges: r.charges as Schedule['charges']
		}
	}));
}

/** customer.category → tariff code; a category without a code is not billed. */
export async function categoryCodes(db: Db): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('customer_category_tariff')
		.select(['customer_category', 'tariff_code'])
		.execute();
	return new Map(rows.map((r) => [r.customer_category, r.tariff_code]));
}

/** A stored decision with its header and whether an issued (or paid) invoice used it. */
export interface ScheduleRow extends ScheduleWrite {
	id: number;
	used: boolean;
	updatedAt: Date;
}

function scheduleQuery(db: Db) {
	return db.selectFrom('tariff_schedule as s').select((eb) => [
		's.id',
		's.code',
		's.name',
		's.decision_ref',
		's.note',
		's.effective_from',
		's.vat_rate',
		's.categories',
		's.charges',
		's.updated_at',
		// The trigger's own test: such a decision is history and can never change.
		eb
			.exists(
				eb
					.selectFrom('invoice as i')
					.select(sql.lit(1).as('one'))
					.where(sql<boolean>`i.schedule_ids @> array[s.id]`)
					.where('i.status', 'in', ['issued', 'paid'])
			)
			.as('used')
	]);
}

type ScheduleSelect = Awaited<
	ReturnType<ReturnType<typeof scheduleQuery>['executeTakeFirstOrThrow']>
>;

function toScheduleRow(r: ScheduleSelect): ScheduleRow {
	return {
		id: r.id,
		code: r.code,
		name: r.name,
		decisionRef: r.decision_ref,
		note: r.note,
		effectiveFrom: r.effective_from,
		vatRate: Number(r.vat_rate),
		categories: r.categories as Schedule['categories'],
		charges: r.charges as Schedule['charges'],
		used: Boolean(r.used),
		updatedAt: new Date(r.updated_at as unknown as string)
	};
}

export async function listSchedules(db: Db): Promise<ScheduleRow[]> {
	const rows = await scheduleQuery(db).orderBy('s.effective_from').execute();
	return rows.map(toScheduleRow);
}

/** One decision; `forUpdate` locks its row until the transaction ends. */
export async function findSchedule(
	db: Db,
	id: number,
	forUpdate = false
): Promise<ScheduleRow | undefined> {
	let query = scheduleQuery(db).where('s.id', '=', id);
	if (forUpdate) query = query.forUpdate('s');
	const row = await query.executeTakeFirst();
	return row && toScheduleRow(row);
}

/** The fields a decision is written with (already checked by the tariff domain). */
export type ScheduleWrite = ScheduleDraft;

// postgres.js serialises a jsonb parameter itself: the object goes as it is.
const jsonb = (value: unknown) => sql<JsonValue>`${value}::jsonb`;

function columns(w: ScheduleWrite) {
	return {
		code: w.code,
		name: w.name,
		decision_ref: w.decisionRef,
		note: w.note,
		effective_from: w.effectiveFrom,
		vat_rate: String(w.vatRate),
		categories: jsonb(w.categories),
		charges: jsonb(w.charges)
	};
}

export async function insertSchedule(db: Db, w: ScheduleWrite, actorId: number | null) {
	const row = await db
		.insertInto('tariff_schedule')
		.values({ ...columns(w), created_by: actorId })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function updateSchedule(db: Db, id: number, w: ScheduleWrite): Promise<void> {
	await db
		.updateTable('tariff_schedule')
		.set({ ...columns(w), updated_at: sql`now()` })
		.where('id', '=', id)
		.execute();
}

export async function deleteSchedule(db: Db, id: number): Promise<void> {
	await db.deleteFrom('tariff_schedule').where('id', '=', id).execute();
}

/** Serialises writes to decisions, so two clerks cannot save the same date or code at once. */
export async function lockSchedules(db: Db): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext('tariff_schedule'))`.execute(db);
}
