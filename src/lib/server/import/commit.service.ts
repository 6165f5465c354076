/**
 * The commit job: all valid rows of a previewed batch in ONE transaction (customers, meters,
 * contracts, audit), then the rejected rows as an annotated workbook. A batch commits once:
 * the move previewed → committing is the lock, so a second commit finds nothing to move.
 */
import type { Database } from '../db/connection.ts';
import { commitRows } from './commit.repository.ts';
import {
	errorRows,
	findBatch,
	moveBatch,
	setProgress,
	setRejectsKey
} from './import.repository.ts';
import { writeRejects } from './rejects.ts';
import { rejectsKeyFor, storagePath } from './storage.ts';

export type ClaimResult = { ok: true } | { ok: false; reason: string };

/** Marks a previewed batch as committing; refuses any other state (a second commit too). */
export async function claimCommit(db: Database, batchId: number): Promise<ClaimResult> {
	if (await moveBatch(db, batchId, ['previewed'], 'committing', { progress: 0 }))
		return { ok: true };
	const batch = await findBatch(db, batchId);
	if (!batch) return { ok: false, reason: 'not_found' };
	return { ok: false, reason: batch.status };
}

/** Runs a claimed commit; the batch ends committed or failed (then nothing was written). */
export async function commitBatch(db: Database, batchId: number): Promise<void> {
	const batch = await findBatch(db, batchId);
	if (!batch || batch.status !== 'committing') return;
	let summary;
	try {
		summary = await db.transaction().execute(async (trx) => {
			const s = await commitRows(trx, batchId, batch.createdBy);
			await setProgress(trx, batchId, { progress: 90 });
			return s;
		});
	} catch (error) {
		await moveBatch(db, batchId, ['committing'], 'failed', {
			message: `Không ghi được, chưa có dòng nào được nhập: ${(error as Error).message}`,
			finished: true
		});
		return;
	}
	let rejectsNote = '';
	const errors = await errorRows(db, batchId);
	if (errors.size > 0) {
		try {
			const key = rejectsKeyFor(batch.storageKey);
			await writeRejects(storagePath(batch.storageKey), storagePath(key), errors);
			await setRejectsKey(db, batchId, key);
		} catch (error) {
			rejectsNote = ` Không tạo được tệp dòng lỗi: ${(error as Error).message}`;
		}
	}
	await moveBatch(db, batchId, ['committing'], 'committed', {
		progress: 100,
		finished: true,
		message:
			`Đã tạo ${summary.created}, cập nhật ${summary.updated} khách hàng; ` +
			`lắp ${summary.meters} đồng hồ; ký ${summary.contracts} hợp đồng; ` +
			`${errors.size} dòng lỗi.${rejectsNote}`
	});
}
