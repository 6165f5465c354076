/**
 * Readings sent in as a workbook, as the pages and endpoints use them: the upload names the
 * period (the open one by default), and the rest is the shared import (import.service.ts)
 * for kind 'readings': preview rows, commit, cancel, rejects.
 */
import type { SessionUser } from '../../auth/auth.repository.ts';
import type { Database } from '../../db/connection.ts';
import { batchFor, startImport, type Outcome } from '../../import/import.service.ts';
import { findPeriod, listPeriods, openPeriod, type PeriodRow } from '../readings.repository.ts';
import { flaggedRows } from './readings-import.repository.ts';

export async function startReadingsImport(
	db: Database,
	user: SessionUser,
	body: ReadableStream<Uint8Array> | NodeJS.ReadableStream | null,
	rawName: string | null,
	periodId: number | null
): Promise<Outcome<{ batchId: number }>> {
	const period = periodId === null ? await openPeriod(db) : await findPeriod(db, periodId);
	if (!period)
		return {
			ok: false,
			status: periodId === null ? 409 : 404,
			message:
				periodId === null
					? 'period: chưa có kỳ ghi nào đang mở'
					: `period: kỳ ghi ${periodId} không tồn tại`
		};
	// A period that is not open is still accepted here: every row comes back refused, in the
	// preview and in the rejects workbook, so the reader's file is answered either way.
	return startImport(db, user, body, rawName, { kind: 'readings', periodId: period.id });
}

/** The periods an upload may name, newest first, and the open one (the default). */
export async function uploadPeriods(
	db: Database
): Promise<{ periods: PeriodRow[]; openId: number | null }> {
	const periods = await listPeriods(db, 13);
	return { periods, openId: periods.find((p) => p.status === 'open')?.id ?? null };
}

/** A readings batch the user may see, with its period and how many rows are flagged. */
export async function readingsBatch(db: Database, user: SessionUser, id: number) {
	const batch = await batchFor(db, user, id, 'readings');
	if (!batch) return null;
	const period = batch.periodId === null ? undefined : await findPeriod(db, batch.periodId);
	return { batch, period: period ?? null, flagged: await flaggedRows(db, id) };
}
