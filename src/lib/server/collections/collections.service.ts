/**
 * The reader's side of provisional collection (thu tiền tạm tính): money taken at the door is
 * recorded in the open period for a customer of the reader's routes, idempotently by the
 * phone's client key; the reader then hands the pending ones in on a remittance list (bảng kê,
 * BK-YYYY-NNNNNN) whose total is fixed there. Writes and their audit entries share a
 * transaction; screens hear 'collection:changed' after the commit.
 */
import {
	totalsByMethod,
	type MethodTotals,
	type PaymentMethod
} from '../../domain/collections/collections.ts';
import { documentNumber, documentYear } from '../../domain/collections/numbering.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish } from '../realtime/publish.ts';
import { openPeriod } from '../readings/readings.repository.ts';
import * as repo from './collections.repository.ts';
import {
	CollectionError,
	type CollectionInput,
	type RemittanceInput
} from './collections.schemas.ts';

export { CollectionError } from './collections.schemas.ts';

/** A phone's clock may run a little ahead; later than this is refused, milliseconds. */
const futureSlackMs = 10 * 60_000;

/** Screens that care about a reader's collections: the cashier's and the reader's own. */
export const collectionRooms = (readerId: number) => ['watch:payments', `staff:${readerId}`];

export interface Clock {
	/** The instant to act at (tests move it across a new year); defaults to now. */
	now?: Date;
}

export interface RecordedCollection {
	collection: repo.CollectionRow;
	/** True when the client key had been seen: nothing was written this time. */
	replayed: boolean;
}

function replayOf(user: SessionUser, seen: repo.CollectionRow): RecordedCollection {
	if (seen.readerId !== user.id)
		throw new CollectionError(
			409,
			'clientKey',
			'mã chống gửi trùng (clientKey) này đã được dùng cho khoản thu của người khác'
		);
	return { collection: seen, replayed: true };
}

const inScope = (user: SessionUser, routeId: number | null) =>
	user.routeIds === null || (routeId !== null && user.routeIds.includes(routeId));

export async function recordCollection(
	db: Database,
	user: SessionUser,
	input: CollectionInput,
	clock: Clock = {}
): Promise<RecordedCollection> {
	const now = clock.now ?? new Date();
	const seen = await repo.collectionByClientKey(db, input.clientKey);
	if (seen) return replayOf(user, seen);
	if (input.collectedAt.getTime() > now.getTime() + futureSlackMs)
		throw new CollectionError(400, 'collectedAt', 'thời điểm thu không được ở tương lai');
	const result = await db
		.transaction()
		.execute(async (trx) => {
			const period = await openPeriod(trx);
			if (!period)
				throw new CollectionError(
					409,
					'period',
					'chưa có kỳ ghi nào đang mở: chưa thể ghi khoản thu'
				);
			const customer = await repo.customerForCollection(trx, input.customerId);
			if (!customer || !inScope(user, customer.routeId))
				throw new CollectionError(
					404,
					'customerId',
					`không tìm thấy khách hàng ${input.customerId} trong tuyến của bạn`
				);
			const id = await repo.insertCollection(trx, {
				clientKey: input.clientKey,
				customerId: customer.id,
				periodId: period.id,
				readerId: user.id,
				amountVnd: input.amountVnd,
				method: input.method,
				collectedAt: input.collectedAt,
				note: input.note || null
			});
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'provisional_collection',
				entityId: id,
				action: 'collection.record',
				newValues: {
					customer_id: customer.id,
					period_id: period.id,
					amount_vnd: input.amountVnd,
					method: input.method,
					collected_at: input.collectedAt.toISOString(),
					client_key: input.clientKey
				}
			});
			return { collection: (await repo.collectionById(trx, id))!, replayed: false };
		})
		.catch(async (err) => {
			// Two replays of one key at once: the loser's unique violation answers with the winner's row.
			if ((err as { code?: string }).code === '23505') {
				const winner = await repo.collectionByClientKey(db, input.clientKey);
				if (winner) return replayOf(user, winner);
			}
			throw err;
		});
	// Scoped viewers (billing clerks) hear it in their route's room, not in watch:payments.
	const routeRoom =
		result.collection.routeId === null ? [] : [`route:${result.collection.routeId}`];
	if (!result.replayed)
		publish([...collectionRooms(user.id), ...routeRoom], {
			type: 'collection:changed',
			ids: {
				collectionId: result.collection.id,
				customerId: result.collection.customerId,
				readerId: user.id
			}
		});
	return result;
}

export interface ReaderCollections {
	/** Not yet on a remittance list. */
	pending: repo.CollectionRow[];
	pendingTotals: MethodTotals;
	/** Collected today (Asia/Ho_Chi_Minh), remitted or not. */
	today: repo.CollectionRow[];
	todayTotals: MethodTotals;
}

const sums = (rows: repo.CollectionRow[]) =>
	totalsByMethod(rows.map((r) => ({ method: r.method as PaymentMethod, amountVnd: r.amountVnd })));

export async function readerCollections(
	db: Database,
	user: SessionUser,
	clock: Clock = {}
): Promise<ReaderCollections> {
	const today = utilityDate(clock.now ?? new Date());
	const rows = await repo.readerCollections(db, user.id, today);
	const pending = rows.filter((r) => r.remittanceId === null);
	const todays = rows.filter((r) => utilityDate(r.collectedAt) === today);
	return { pending, pendingTotals: sums(pending), today: todays, todayTotals: sums(todays) };
}

export async function readerRemittances(db: Database, user: SessionUser) {
	return repo.listRemittances(db, { readerId: user.id, routeIds: null }, 100);
}

export interface SubmittedRemittance {
	remittance: repo.RemittanceRow;
	totals: MethodTotals;
	replayed: boolean;
}

/**
 * Hands in the reader's pending collections (all, or the listed ones, which must all be his
 * and pending) on a new remittance list. Submissions of one reader queue on a lock, so a
 * replay of the same client key answers with the list it made, and a second "all pending"
 * submission finds nothing left and is refused as empty.
 */
export async function submitRemittance(
	db: Database,
	user: SessionUser,
	input: RemittanceInput,
	clock: Clock = {}
): Promise<SubmittedRemittance> {
	const now = clock.now ?? new Date();
	const result = await db.transaction().execute(async (trx) => {
		await repo.lockReaderRemittances(trx, user.id);
		if (input.clientKey) {
			const id = await repo.remittanceByClientKey(trx, user.id, input.clientKey);
			if (id !== undefined) {
				const lines = await repo.remittanceLines(trx, id, null);
				return {
					remittance: (await repo.findRemittance(trx, id))!,
					totals: sums(lines),
					replayed: true
				};
			}
		}
		const ids = input.collectionIds ? [...new Set(input.collectionIds)] : undefined;
		const rows = await repo.lockPending(trx, user.id, ids);
		if (ids && rows.length !== ids.length) {
			const found = new Set(rows.map((r) => r.id));
			const missing = ids.filter((id) => !found.has(id));
			throw new CollectionError(
				409,
				'collectionIds',
				`khoản thu ${missing.join(', ')} không phải của bạn hoặc đã nằm trong bảng kê khác`
			);
		}
		if (rows.length === 0)
			throw new CollectionError(
				409,
				'collectionIds',
				'không có khoản thu nào chờ nộp: bảng kê trống'
			);
		const totals = sums(rows);
		const year = documentYear(now);
		const number = documentNumber(
			'remittance',
			year,
			await repo.nextDocumentNo(trx, 'remittance', year)
		);
		const id = await repo.insertRemittance(trx, {
			number,
			readerId: user.id,
			totalVnd: totals.total,
			submittedAt: now,
			clientKey: input.clientKey ?? null
		});
		await repo.attachToRemittance(
			trx,
			rows.map((r) => r.id),
			id
		);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'remittance',
			entityId: id,
			action: 'remittance.submit',
			newValues: {
				number,
				total_vnd: totals.total,
				totals,
				collection_ids: rows.map((r) => r.id),
				clientKey: input.clientKey ?? null
			}
		});
		return { remittance: (await repo.findRemittance(trx, id))!, totals, replayed: false };
	});
	if (!result.replayed)
		publish(collectionRooms(user.id), {
			type: 'collection:changed',
			ids: { remittanceId: result.remittance.id, readerId: user.id }
		});
	return result;
}
