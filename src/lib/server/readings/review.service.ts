/**
 * The review of flagged readings (issue 6 items 4–6), what a clerk does with one: accept,
 * correct (the current and/or the previous index), estimate instead, order a re-read or an
 * inspection, apply a re-read's index, and back-bill extra m³ (truy thu).
 *
 * Every action needs readings.edit and billing.edit (canManageReadings) and the reading’s route in the user’s scope
 * (here: another route's reading is a 404). It runs in one transaction with its audit entry
 * and its reading_correction rows (who, when, old, new, reason); screens hear
 * 'reading:changed' after the commit. A locked period refuses everything, in the database
 * (trigger) and here first with the same message (lockRefusal).
 */
import { canManageReadings } from '../../domain/access/permissions.ts';
import { unreadableNotes, type NoteCode } from '../../domain/readings/anomalies.ts';
import { evaluateReading, type EvaluatedReading } from '../../domain/readings/evaluate.ts';
import { parseIndex } from '../../domain/readings/meter-index.ts';
import {
	changedFields,
	resultIndex,
	startingFrom,
	type ReviewedValues
} from '../../domain/readings/review.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish } from '../realtime/publish.ts';
import * as readings from './readings.repository.ts';
import { contextOf, inScope, lockRefusal, monthLabel, readingRooms } from './readings.service.ts';
import { ReadingError } from './readings.schemas.ts';
import * as repo from './review.repository.ts';
import type { CorrectInput } from './review.schemas.ts';
import { sheetRows } from './sheet.repository.ts';
import { createReadingOrder, type ReadingOrderType } from './review-orders.ts';

const notFound = (id: number) =>
	new ReadingError(404, 'readingId', `không tìm thấy chỉ số ${id} trong tuyến của bạn`);

// ---- actions ------------------------------------------------------------------------------

/**
 * Runs a review action on the locked reading row in one transaction; the trigger's lock
 * refusal becomes the user's message; 'reading:changed' goes out after the commit.
 */
async function reviewAction<T>(
	db: Database,
	user: SessionUser,
	id: number,
	run: (trx: Database, r: repo.ReadingRecord) => Promise<T>
): Promise<T> {
	let found: repo.ReadingRecord | undefined;
	const result = await db
		.transaction()
		.execute(async (trx) => {
			if (!canManageReadings(user.permissions))
				throw new ReadingError(
					403,
					'user',
					'chỉ nhân viên hóa đơn (quyền sửa ghi chỉ số và hóa đơn) duyệt chỉ số'
				);
			found = await repo.findReading(trx, id, { forUpdate: true });
			if (!found || !inScope(user, found.route_id)) throw notFound(id);
			if (found.period_status === 'locked')
				lockRefusal({ code: '55000', message: 'is locked' }, found.period_month);
			return run(trx, found);
		})
		.catch((err) => lockRefusal(err, found?.period_month));
	const r = found!;
	publish(readingRooms(r.route_id), {
		type: 'reading:changed',
		ids: { readingId: r.id, customerId: r.customer_id, periodId: r.period_id }
	});
	return result;
}

const valuesOf = (r: repo.ReadingRecord): ReviewedValues => ({
	previous_index: r.previous_index,
	current_index: r.current_index,
	consumption_m3: r.consumption_m3,
	kind: r.kind,
	review_status: r.review_status
});

/** Writes the new values, one correction row per changed field, and the audit entry. */
async function saveReview(
	trx: Database,
	user: SessionUser,
	r: repo.ReadingRecord,
	next: { values: ReviewedValues; evaluated?: EvaluatedReading },
	reason: string,
	action: string
) {
	const changes = changedFields(valuesOf(r), next.values);
	const e = next.evaluated;
	await repo.updateReading(trx, r.id, {
		...next.values,
		...(e && {
			flags: e.flags,
			rollover: e.rollover,
			old_meter_m3: e.oldMeterM3,
			settled_estimate_m3: e.settledEstimateM3,
			credit_m3: e.creditM3
		})
	});
	await readings.insertCorrections(
		trx,
		changes.map((c) => ({ ...c, readingId: r.id, periodId: r.period_id, reason, actorId: user.id }))
	);
	await writeAudit(trx, {
		actorId: user.id,
		entity: 'reading',
		entityId: r.id,
		action,
		oldValues: { ...valuesOf(r), flags: r.flags },
		newValues: { ...next.values, ...(e && { flags: e.flags }), reason }
	});
	return changes;
}

export async function acceptReading(
	db: Database,
	user: SessionUser,
	id: number,
	input: { note?: string }
) {
	return reviewAction(db, user, id, async (trx, r) => {
		const values = { ...valuesOf(r), review_status: 'accepted' };
		return saveReview(
			trx,
			user,
			r,
			{ values },
			input.note ?? 'Chấp nhận số liệu',
			'reading.accept'
		);
	});
}

/** The domain's context of the reading, starting from `startIndex`. */
async function contextFor(trx: Database, r: repo.ReadingRecord, startIndex: number) {
	const [row] = await sheetRows(trx, r.period_id, { customerIds: [r.customer_id] });
	return startingFrom({ ...contextOf(row), dialDigits: r.dial_digits }, startIndex);
}

const photoOf = (r: repo.ReadingRecord) =>
	r.photo_count > 0 ? 'present' : r.source === 'field' ? 'missing' : 'not_required';
const positionOf = (r: repo.ReadingRecord) =>
	r.read_lon === null || r.read_lat === null ? null : { lon: r.read_lon, lat: r.read_lat };

async function correctInTransaction(
	trx: Database,
	user: SessionUser,
	r: repo.ReadingRecord,
	input: { currentIndex?: string | number; previousIndex?: string; reason: string }
) {
	let start = r.previous_index;
	if (input.previousIndex !== undefined) {
		const p = parseIndex('previousIndex', input.previousIndex, r.dial_digits);
		if (!p.ok) throw new ReadingError(400, p.error.field, p.error.reason);
		start = p.value;
	}
	const current = input.currentIndex ?? (r.kind === 'actual' ? r.current_index : null);
	if (current === null)
		throw new ReadingError(
			400,
			'currentIndex',
			'bắt buộc nhập chỉ số cuối kỳ: kỳ này chưa có chỉ số thực đọc'
		);
	const evaluation = evaluateReading(
		await contextFor(trx, r, start),
		{
			index: current,
			noteCode: r.note_code as NoteCode | null,
			position: positionOf(r),
			photo: photoOf(r)
		},
		await readings.readingRules(trx)
	);
	if (!evaluation.ok)
		throw new ReadingError(
			400,
			evaluation.error.field === 'index' ? 'currentIndex' : evaluation.error.field,
			evaluation.error.reason
		);
	const e = evaluation.reading;
	const values: ReviewedValues = {
		previous_index: e.previousIndex,
		current_index: e.currentIndex,
		consumption_m3: e.consumptionM3,
		kind: e.kind,
		review_status: 'corrected'
	};
	if (changedFields(valuesOf(r), values).every((c) => c.field === 'review_status'))
		throw new ReadingError(
			400,
			input.currentIndex !== undefined ? 'currentIndex' : 'previousIndex',
			'chỉ số không thay đổi: nếu số liệu đúng, hãy chọn "Chấp nhận"'
		);
	return saveReview(trx, user, r, { values, evaluated: e }, input.reason, 'reading.correct');
}

export async function correctReading(
	db: Database,
	user: SessionUser,
	id: number,
	input: CorrectInput
) {
	if (input.currentIndex === undefined && input.previousIndex === undefined)
		throw new ReadingError(
			400,
			'currentIndex',
			'nhập chỉ số cuối kỳ mới và/hoặc chỉ số đầu kỳ đúng'
		);
	return reviewAction(db, user, id, (trx, r) => correctInTransaction(trx, user, r, input));
}

/** The meter cannot be read: the mean of the last 3 actual periods, booked on the index. */
export async function estimateReading(
	db: Database,
	user: SessionUser,
	id: number,
	input: { reason: string }
) {
	return reviewAction(db, user, id, async (trx, r) => {
		const note = r.note_code as NoteCode | null;
		const evaluation = evaluateReading(
			await contextFor(trx, r, r.previous_index),
			// 'no_access' only marks the entry as unread; the reading keeps its own note code.
			{
				noteCode: note && unreadableNotes.includes(note) ? note : 'no_access',
				photo: 'not_required'
			},
			await readings.readingRules(trx)
		);
		if (!evaluation.ok || evaluation.reading.kind !== 'estimated')
			throw new ReadingError(
				422,
				'reason',
				'không có chỉ số thực đọc nào trước kỳ này để ước tính: hãy sửa chỉ số hoặc lập phiếu đọc lại'
			);
		const e = evaluation.reading;
		const values: ReviewedValues = {
			previous_index: e.previousIndex,
			current_index: e.currentIndex,
			consumption_m3: e.consumptionM3,
			kind: 'estimated',
			review_status: 'corrected'
		};
		return saveReview(trx, user, r, { values, evaluated: e }, input.reason, 'reading.estimate');
	});
}

/** A re-read or inspection order for the reading's customer, linked to it; returns the order. */
export async function orderForReading(
	db: Database,
	user: SessionUser,
	id: number,
	type: ReadingOrderType
) {
	let created: { id: number; number: string } | undefined;
	await reviewAction(db, user, id, async (trx, r) => {
		const open = (await repo.linkedOrders(trx, id)).find(
			(o) => o.type === type && !['done', 'failed', 'verified', 'cancelled'].includes(o.status)
		);
		if (open)
			throw new ReadingError(409, 'type', `chỉ số này đã có phiếu ${open.number} đang thực hiện`);
		created = await createReadingOrder(trx, user, r, type);
		const values = { ...valuesOf(r), review_status: 're_read' };
		const label = type === 're_read' ? 'đọc lại' : 'kiểm tra';
		await saveReview(
			trx,
			user,
			r,
			{ values },
			`Lập phiếu ${label} ${created.number}`,
			'reading.order'
		);
	});
	publish(['watch:work_orders'], {
		type: 'work-order:changed',
		ids: { id: created!.id, status: 'new' }
	});
	return created!;
}

/** Applies the index a done re-read (or inspection) order brought back, as a correction. */
export async function applyReRead(
	db: Database,
	user: SessionUser,
	id: number,
	input: { orderId: number }
) {
	return reviewAction(db, user, id, async (trx, r) => {
		const order = (await repo.linkedOrders(trx, id)).find((o) => Number(o.id) === input.orderId);
		const index =
			order && ['done', 'verified'].includes(order.status) ? resultIndex(order.result) : null;
		if (!order || index === null)
			throw new ReadingError(
				409,
				'orderId',
				'phiếu chưa hoàn thành hoặc không có chỉ số đọc lại cho chỉ số này'
			);
		return correctInTransaction(trx, user, r, {
			currentIndex: index,
			reason: `Áp dụng chỉ số đọc lại theo phiếu ${order.number}`
		});
	});
}

/** Truy thu: extra m³ billed to the customer in the reading's period, with a reason. */
export async function addBackBilling(
	db: Database,
	user: SessionUser,
	id: number,
	input: { volumeM3: number; reason: string }
) {
	return reviewAction(db, user, id, async (trx, r) => {
		const backBillingId = await repo.insertBackBilling(trx, {
			customerId: r.customer_id,
			periodId: r.period_id,
			volumeM3: input.volumeM3,
			reason: input.reason,
			createdBy: user.id
		});
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'back_billing',
			entityId: backBillingId,
			action: 'create',
			newValues: {
				customer_id: r.customer_id,
				period: monthLabel(r.period_month),
				volume_m3: input.volumeM3,
				reason: input.reason
			}
		});
		return backBillingId;
	});
}
