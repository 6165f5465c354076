/**
 * The commit job, for every kind of import: all valid rows of a previewed batch in ONE
 * transaction (the kind writes them, with their audit entries), then the rejected rows as an
 * annotated workbook. A batch commits once: the move previewed → committing is the lock, so a
 * second commit finds nothing to move.
 */
import { isMainThread } from 'node:worker_threads';
import type { Database } from '../db/connection.ts';
import type { CommitResult } from './import-kind.ts';
import {
	errorRows,
	findBatch,
	moveBatch,
	setProgress,
	setRejectsKey
} from './import.repository.ts';
import { kindOf } from './kinds.ts';
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
	let result: CommitResult;
	try {
		result = await db.transaction().execute(async (trx) => {
			// Progress while the rows are written goes outside the transaction (seen at once),
			// below 90: progress 90 is set inside it and means "written" (run-in-thread.ts).
			const progress = (f: number) =>
				setProgress(db, batchId, { progress: Math.min(85, Math.max(0, f * 85)) });
			const r = await kindOf(batch.kind).commit(trx, batch, progress);
			await setProgress(trx, batchId, { progress: 90 });
			return r;
		});
	} catch (error) {
		// A refusal (RequestError) says its reason without the field name in front.
		const e = error as { reason?: unknown; message: string };
		const reason = typeof e.reason === 'string' ? e.reason : e.message;
		await moveBatch(db, batchId, ['committing'], 'failed', {
			message: `Không ghi được, chưa có dòng nào được nhập: ${reason}`,
			finished: true
		});
		return;
	}
	// A commit in a job's thread is announced by the process that started it (run-in-thread.ts).
	if (isMainThread) await announceCommit(db, batchId);
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
		message: `${result.message}; ${errors.size} dòng lỗi.${rejectsNote}`
	});
}

/** The batch's kind tells the screens about it; a failure to announce is only logged. */
export async function announceCommit(db: Database, batchId: number): Promise<void> {
	const batch = await findBatch(db, batchId);
	if (!batch || !['committing', 'committed'].includes(batch.status)) return;
	await kindOf(batch.kind)
		.announce?.(db, batch)
		.catch((error: unknown) => console.error(`[import-commit] announce ${batchId}:`, error));
}
