/**
 * Price decisions: list them with the day each stops being in force, read one, and create,
 * update or delete one. A decision used by an issued (or paid) invoice is history: the service
 * refuses to change it and the database trigger (SQLSTATE 55000) backs that up. Every write is
 * checked by the tariff domain first (field-named problems, nothing written when any), runs
 * under one advisory lock (two clerks cannot take the same date), and is audited in its
 * transaction.
 */
import {
	checkScheduleDraft,
	timeline,
	todayInVietnam,
	type ScheduleDraft,
	type ScheduleStatus
} from '../../domain/tariff/schedule.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { listCategories } from './categories.repository.ts';
import * as repo from './tariffs.repository.ts';
import { databaseRefusal, lockedReason, requireEdit, TariffError } from './tariffs.errors.ts';

export type ListedSchedule = repo.ScheduleRow & { until: string | null; status: ScheduleStatus };

/** Every decision, oldest first, with its last day in force and its status today. */
export async function listSchedules(db: Database, today = todayInVietnam()) {
	return timeline(await repo.listSchedules(db), today);
}

export async function getSchedule(db: Database, id: number): Promise<ListedSchedule> {
	const found = (await listSchedules(db)).find((s) => s.id === id);
	if (!found) throw TariffError.of(404, 'id', `biểu giá ${id} không tồn tại`);
	return found;
}

/** The draft of a row as the editor shows it. */
export function draftOf(row: repo.ScheduleRow): ScheduleDraft {
	const { code, name, decisionRef, note, effectiveFrom, vatRate, categories, charges } = row;
	return { code, name, decisionRef, note, effectiveFrom, vatRate, categories, charges };
}

/**
 * A new decision starts as a copy of `fromId`, else of the one in force today (else the
 * latest), with the code and effective date left for the clerk: those two must differ from
 * every stored decision.
 */
export async function newDraft(db: Database, fromId?: number): Promise<ScheduleDraft> {
	const all = await listSchedules(db);
	const base =
		all.find((s) => s.id === fromId) ??
		all.find((s) => s.status === 'in_force') ??
		all[all.length - 1];
	if (base) return { ...draftOf(base), code: '', effectiveFrom: '' };
	return {
		code: '',
		name: '',
		decisionRef: '',
		note: null,
		effectiveFrom: '',
		vatRate: 0.05,
		categories: {},
		charges: [{ type: 'envFee', rate: 0.1 }]
	};
}

/** Checks input against the utility's codes and the other decisions; refuses with every issue. */
async function checked(trx: Database, input: unknown, exceptId: number | null) {
	const [categories, others] = [await listCategories(trx), await repo.listSchedules(trx)];
	const result = checkScheduleDraft(input, {
		categoryCodes: categories.map((c) => c.code),
		others: others.filter((o) => o.id !== exceptId)
	});
	if (!result.ok) throw new TariffError(400, result.issues);
	return result.draft;
}

export async function createSchedule(
	db: Database,
	user: SessionUser,
	input: unknown
): Promise<number> {
	requireEdit(user);
	return db.transaction().execute(async (trx) => {
		await repo.lockSchedules(trx);
		const draft = await checked(trx, input, null);
		const id = await repo.insertSchedule(trx, draft, user.id).catch(databaseRefusal);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'tariff_schedule',
			entityId: id,
			action: 'tariff_schedule.create',
			newValues: draft
		});
		return id;
	});
}

/** The row to change, locked; refused when missing or used by an issued invoice. */
async function unusedForUpdate(trx: Database, id: number): Promise<repo.ScheduleRow> {
	const row = await repo.findSchedule(trx, id, true);
	if (!row) throw TariffError.of(404, 'id', `biểu giá ${id} không tồn tại`);
	if (row.used) throw TariffError.of(409, 'id', `${row.code}: ${lockedReason}`);
	return row;
}

export async function updateSchedule(
	db: Database,
	user: SessionUser,
	id: number,
	input: unknown
): Promise<void> {
	requireEdit(user);
	await db.transaction().execute(async (trx) => {
		await repo.lockSchedules(trx);
		const before = await unusedForUpdate(trx, id);
		const draft = await checked(trx, input, id);
		await repo.updateSchedule(trx, id, draft).catch(databaseRefusal);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'tariff_schedule',
			entityId: id,
			action: 'tariff_schedule.update',
			oldValues: draftOf(before),
			newValues: draft
		});
	});
}

export async function deleteSchedule(db: Database, user: SessionUser, id: number): Promise<void> {
	requireEdit(user);
	await db.transaction().execute(async (trx) => {
		await repo.lockSchedules(trx);
		const before = await unusedForUpdate(trx, id);
		await repo.deleteSchedule(trx, id).catch(databaseRefusal);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'tariff_schedule',
			entityId: id,
			action: 'tariff_schedule.delete',
			oldValues: draftOf(before)
		});
	});
}
