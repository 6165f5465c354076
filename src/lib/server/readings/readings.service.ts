/**
 * Recording a reading, from any entry point: the office grid, the field app (online or an
 * offline replay) and the workbook import. The period must be open and the customer in the
 * user's routes; the index is checked against the meter's dial; consumption and anomaly flags
 * come from the domain (evaluateReading). A client key makes a replay a no-op that answers
 * with the reading already stored. The write and its audit entry share one transaction, and
 * screens hear 'reading:changed' after the commit.
 *
 * The database has the last word on locks: a locked period's readings cannot change whoever
 * asks (trigger, SQLSTATE 55000), and that refusal becomes a 409 with a clear message.
 */
import type { NoteCode } from '../../domain/readings/anomalies.ts';
import { evaluateReading, type ReadingContext } from '../../domain/readings/evaluate.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish } from '../realtime/publish.ts';
import * as repo from './readings.repository.ts';
import { ReadingError, type ReadingInput } from './readings.schemas.ts';
import { sheetRows, type SheetRow } from './sheet.repository.ts';

export { ReadingError } from './readings.schemas.ts';

/** "11/2026" from '2026-11-01'. */
export const monthLabel = (periodMonth: string) =>
	`${periodMonth.slice(5, 7)}/${periodMonth.slice(0, 4)}`;

/** The trigger's refusal for a locked period, as the user's message; anything else rethrown. */
export function lockRefusal(err: unknown, periodMonth?: string): never {
	const e = err as { code?: string; message?: string };
	if (e?.code === '55000' && /is locked/.test(e.message ?? ''))
		throw new ReadingError(
			409,
			'period',
			`kỳ ghi ${periodMonth ? monthLabel(periodMonth) + ' ' : ''}đã khóa sổ: không ai có thể sửa số liệu của kỳ này`
		);
	throw err;
}

export async function requireOpenPeriod(db: Database, periodId?: number): Promise<repo.PeriodRow> {
	const period =
		periodId === undefined ? await repo.openPeriod(db) : await repo.findPeriod(db, periodId);
	if (!period)
		throw new ReadingError(
			404,
			'period',
			periodId === undefined ? 'chưa có kỳ ghi nào đang mở' : `kỳ ghi ${periodId} không tồn tại`
		);
	if (period.status === 'locked')
		lockRefusal({ code: '55000', message: 'is locked' }, period.period_month);
	if (period.status !== 'open')
		throw new ReadingError(
			409,
			'period',
			`kỳ ghi ${monthLabel(period.period_month)} đã đóng: chỉ nhân viên hóa đơn sửa qua danh sách duyệt`
		);
	return period;
}

/** The domain's view of a sheet row. */
export function contextOf(row: SheetRow): ReadingContext {
	return {
		dialDigits: row.dial_digits ?? 5,
		startIndex: row.start_index ?? 0,
		history: row.history.map(Number),
		pendingEstimateM3: row.pending_estimate_m3,
		replacement:
			row.replacement_id !== null
				? {
						oldPreviousIndex: row.old_previous_index ?? 0,
						oldFinalIndex: row.old_final_index ?? 0,
						oldDialDigits: row.old_dial_digits ?? 5,
						newInitialIndex: row.new_initial_index ?? 0
					}
				: null,
		customerStatus: row.status,
		lon: row.lon,
		lat: row.lat
	};
}

export function inScope(user: SessionUser, routeId: number | null): boolean {
	return user.routeIds === null || (routeId !== null && user.routeIds.includes(routeId));
}

export interface RecordOptions {
	source: 'grid' | 'field' | 'import';
	/** Whether a photo comes with the reading (field app); the grid and imports carry none. */
	photo: 'present' | 'missing' | 'not_required';
}

export interface RecordedReading {
	id: number;
	customerId: number;
	periodId: number;
	/** True when the client key had been seen: nothing was written this time. */
	replayed: boolean;
	flags: string[];
	reviewStatus: string;
	consumptionM3: number | null;
	kind: string;
}

/**
 * Records one reading inside `trx` (the caller's transaction). Use recordReading for a
 * single reading; imports call this per row inside their own transaction.
 */
export async function recordInTransaction(
	trx: Database,
	user: SessionUser,
	input: ReadingInput,
	options: RecordOptions
): Promise<RecordedReading> {
	if (input.clientKey) {
		const seen = await repo.readingByClientKey(trx, input.clientKey);
		if (seen) return replayOf(trx, Number(seen.id), true);
	}
	const period = await requireOpenPeriod(trx, input.periodId);
	const [row] = await sheetRows(
		trx,
		period.id,
		{ customerIds: [input.customerId] },
		{ forUpdate: true }
	);
	if (!row || !inScope(user, row.route_id))
		throw new ReadingError(
			404,
			'customerId',
			`không tìm thấy khách hàng ${input.customerId} trong tuyến của bạn`
		);
	if (row.meter_id === null)
		throw new ReadingError(
			422,
			'customerId',
			`khách hàng ${row.code} không có đồng hồ đang sử dụng`
		);
	const rules = await repo.readingRules(trx);
	const evaluation = evaluateReading(
		contextOf(row),
		{
			index: input.index,
			noteCode: input.noteCode as NoteCode | null,
			position: input.position,
			photo: options.photo
		},
		rules
	);
	if (!evaluation.ok) throw new ReadingError(400, evaluation.error.field, evaluation.error.reason);
	const e = evaluation.reading;
	const old = row.reading_id === null ? null : pick(row);
	const id = await repo
		.upsertReading(trx, {
			periodId: period.id,
			customerId: row.customer_id,
			meterId: row.meter_id,
			replacementId: row.replacement_id,
			evaluated: e,
			source: options.source,
			noteCode: input.noteCode ?? null,
			note: input.note ?? null,
			readAt: input.readAt ?? new Date(),
			readerId: user.id,
			enteredBy: user.id,
			position: input.position ?? null
		})
		.catch((err) => lockRefusal(err, period.period_month));
	if (input.clientKey) await repo.rememberClientKey(trx, input.clientKey, id);
	await writeAudit(trx, {
		actorId: user.id,
		entity: 'reading',
		entityId: id,
		action: old ? 'reading.reenter' : 'reading.enter',
		oldValues: old,
		newValues: {
			customer_id: row.customer_id,
			period_id: period.id,
			source: options.source,
			kind: e.kind,
			previous_index: e.previousIndex,
			current_index: e.currentIndex,
			consumption_m3: e.consumptionM3,
			flags: e.flags,
			note_code: input.noteCode ?? null
		}
	});
	return {
		id,
		customerId: row.customer_id,
		periodId: period.id,
		replayed: false,
		flags: e.flags,
		reviewStatus: e.reviewStatus,
		consumptionM3: e.consumptionM3,
		kind: e.kind
	};
}

function pick(row: SheetRow) {
	return {
		kind: row.kind,
		previous_index: row.previous_index,
		current_index: row.current_index,
		consumption_m3: row.consumption_m3,
		flags: row.flags,
		note_code: row.note_code,
		source: row.source
	};
}

async function replayOf(db: Database, id: number, replayed: boolean): Promise<RecordedReading> {
	const r = await repo.readingSummary(db, id);
	return {
		id: Number(r.id),
		customerId: r.customer_id,
		periodId: r.period_id,
		replayed,
		flags: r.flags,
		reviewStatus: r.review_status,
		consumptionM3: r.consumption_m3 === null ? null : Number(r.consumption_m3),
		kind: r.kind
	};
}

/** Rooms that care about a reading: its route's staff and the readings screens. */
export function readingRooms(routeId: number | null): string[] {
	return ['watch:readings', ...(routeId === null ? [] : [`route:${routeId}`])];
}

/** Records one reading in its own transaction and tells the screens. */
export async function recordReading(
	db: Database,
	user: SessionUser,
	input: ReadingInput,
	options: RecordOptions
): Promise<RecordedReading> {
	let routeId: number | null = null;
	const result = await db
		.transaction()
		.execute(async (trx) => {
			const recorded = await recordInTransaction(trx, user, input, options);
			routeId = (await repo.customerRoute(trx, recorded.customerId)) ?? null;
			return recorded;
		})
		.catch(async (err) => {
			// Two replays of one key at once: the loser's unique violation answers with the winner's row.
			if ((err as { code?: string }).code === '23505' && input.clientKey) {
				const seen = await repo.readingByClientKey(db, input.clientKey);
				if (seen) return replayOf(db, Number(seen.id), true);
			}
			throw err;
		});
	if (!result.replayed)
		publish(readingRooms(routeId), {
			type: 'reading:changed',
			ids: { readingId: result.id, customerId: result.customerId, periodId: result.periodId }
		});
	return result;
}
