/**
 * The cashier's side: the list of customers who paid provisionally, the remittance lists
 * (bảng kê) waiting for confirmation, confirming one with a receipt (biên nhận,
 * BN-YYYY-NNNNNN) and the totals of receipts by payment method. Scoped viewers (billing
 * clerks) see their routes' customers only.
 */
import {
	emptyTotals,
	totalsByMethod,
	type MethodTotals
} from '../../domain/collections/collections.ts';
import { documentNumber, documentYear } from '../../domain/collections/numbering.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish } from '../realtime/publish.ts';
import * as cashier from './cashier.repository.ts';
import * as repo from './collections.repository.ts';
import type { CollectionFilter, ReceiptFilter } from './collections.schemas.ts';
import { CollectionError, collectionRooms, type Clock } from './collections.service.ts';

export const COLLECTIONS_PAGE_SIZE = 50;

export function listFilter(user: SessionUser, f: CollectionFilter): cashier.CollectionListFilter {
	if (f.from && f.to && f.from > f.to)
		throw new CollectionError(400, 'to', 'đến ngày phải sau hoặc bằng từ ngày');
	return {
		periodId: f.period,
		routeId: f.route,
		readerId: f.reader,
		method: f.method,
		from: f.from,
		to: f.to,
		routeIds: user.routeIds
	};
}

export async function collectionsPage(db: Database, user: SessionUser, f: CollectionFilter) {
	const filter = listFilter(user, f);
	const [rows, sums] = await Promise.all([
		cashier.listCollections(db, filter, f.page, COLLECTIONS_PAGE_SIZE),
		cashier.collectionSums(db, filter)
	]);
	return { rows, totals: totalsByMethod(sums), page: f.page, pageSize: COLLECTIONS_PAGE_SIZE };
}

/** What the filters offer: periods, the viewer's routes, readers who collected. */
export async function filterChoices(db: Database, user: SessionUser) {
	const [periods, routes, readers] = await Promise.all([
		cashier.recentPeriods(db),
		cashier.routesInScope(db, user.routeIds),
		cashier.collectingReaders(db)
	]);
	return { periods, routes, readers };
}

export async function remittanceLists(db: Database, user: SessionUser) {
	const [submitted, confirmed] = await Promise.all([
		repo.listRemittances(db, { status: 'submitted', routeIds: user.routeIds }),
		repo.listRemittances(db, { status: 'confirmed', routeIds: user.routeIds }, 50)
	]);
	return { submitted, confirmed };
}

/** One remittance with its lines and totals by method; 404 when unknown or out of scope. */
export async function remittanceDetail(db: Database, user: SessionUser, id: number) {
	const remittance = await repo.findRemittance(db, id);
	const lines = remittance ? await repo.remittanceLines(db, id, user.routeIds) : [];
	if (!remittance || (user.routeIds !== null && lines.length === 0))
		throw new CollectionError(404, 'id', `không tìm thấy bảng kê ${id}`);
	const totals = totalsByMethod(lines.map((l) => ({ method: l.method, amountVnd: l.amountVnd })));
	return { remittance, lines, totals };
}

export interface ConfirmedRemittance {
	remittance: repo.RemittanceRow;
	/** True when it had been confirmed already (a double click): no second receipt. */
	replayed: boolean;
}

/**
 * Confirms a submitted remittance and issues its receipt number. The row is locked first, so
 * two confirmations at once (a double click, two cashiers) issue one receipt: the second
 * waits, then sees it confirmed and answers with the same receipt.
 */
export async function confirmRemittance(
	db: Database,
	user: SessionUser,
	id: number,
	clock: Clock = {}
): Promise<ConfirmedRemittance> {
	const now = clock.now ?? new Date();
	const result = await db.transaction().execute(async (trx) => {
		const row = await repo.lockRemittance(trx, id);
		if (!row) throw new CollectionError(404, 'id', `không tìm thấy bảng kê ${id}`);
		if (user.routeIds !== null && (await repo.remittanceLines(trx, id, user.routeIds)).length === 0)
			throw new CollectionError(404, 'id', `không tìm thấy bảng kê ${id}`);
		if (row.status === 'confirmed')
			return { remittance: (await repo.findRemittance(trx, id))!, replayed: true };
		const year = documentYear(now);
		const receiptNo = documentNumber(
			'receipt',
			year,
			await repo.nextDocumentNo(trx, 'receipt', year)
		);
		await repo.markConfirmed(trx, id, { receiptNo, by: user.id, at: now });
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'remittance',
			entityId: id,
			action: 'remittance.confirm',
			oldValues: { status: row.status, receipt_no: null },
			newValues: { status: 'confirmed', receipt_no: receiptNo, total_vnd: Number(row.total_vnd) }
		});
		return { remittance: (await repo.findRemittance(trx, id))!, replayed: false };
	});
	if (!result.replayed)
		publish(collectionRooms(result.remittance.readerId), {
			type: 'collection:changed',
			ids: { remittanceId: id, readerId: result.remittance.readerId }
		});
	return result;
}

/** The receipt range: the given days, by default the current month up to today. */
export function receiptRange(f: ReceiptFilter, now = new Date()) {
	const today = utilityDate(now);
	const from = f.from ?? `${today.slice(0, 8)}01`;
	const to = f.to ?? today;
	if (from > to) throw new CollectionError(400, 'to', 'đến ngày phải sau hoặc bằng từ ngày');
	return { from, to };
}

export interface ReaderReceiptTotals {
	readerId: number;
	readerName: string;
	totals: MethodTotals;
}

/** Totals of confirmed receipts by method, over all readers and per reader. */
export async function receiptReport(
	db: Database,
	user: SessionUser,
	f: ReceiptFilter,
	clock: Clock = {}
) {
	const range = receiptRange(f, clock.now);
	const scope = { ...range, readerId: f.reader, routeIds: user.routeIds };
	const [sums, receipts] = await Promise.all([
		cashier.receiptSums(db, scope),
		cashier.receiptsInRange(db, scope)
	]);
	const byReader = new Map<number, ReaderReceiptTotals>();
	for (const s of sums) {
		const entry = byReader.get(s.readerId) ?? {
			readerId: s.readerId,
			readerName: s.readerName,
			totals: emptyTotals()
		};
		const add = totalsByMethod([s]);
		for (const k of ['cash', 'bank_transfer', 'qr', 'total', 'count'] as const)
			entry.totals[k] += add[k];
		byReader.set(s.readerId, entry);
	}
	return { ...range, totals: totalsByMethod(sums), readers: [...byReader.values()], receipts };
}
