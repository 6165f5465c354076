/**
 * The parse job, for every kind of import: reads an uploaded workbook as a stream, has the
 * batch's kind check the rows a chunk at a time, and stores the outcome per row (create,
 * update, error with column and reason), with progress on the batch.
 */
import type { HeaderMap } from '../../domain/import/columns.ts';
import type { Database } from '../db/connection.ts';
import type { ChunkRow, ImportKind } from './import-kind.ts';
import {
	deleteRows,
	findBatch,
	insertRows,
	moveBatch,
	setProgress,
	type Batch
} from './import.repository.ts';
import { kindOf } from './kinds.ts';
import { readSheet } from './sheet-reader.ts';
import { storagePath } from './storage.ts';

const CHUNK = 2000;

export async function parseBatch(db: Database, batchId: number): Promise<void> {
	const batch = await findBatch(db, batchId);
	if (!batch) throw new Error(`import batch ${batchId} not found`);
	if (!(await moveBatch(db, batchId, ['uploaded', 'parsing'], 'parsing', { progress: 0 }))) return;
	// A retried job starts over.
	await deleteRows(db, batchId);
	try {
		const summary = await parseFile(db, batch, kindOf(batch.kind));
		if (summary === 'cancelled') return;
		await moveBatch(db, batchId, ['parsing'], summary.total === 0 ? 'failed' : 'previewed', {
			progress: 100,
			message: summary.total === 0 ? 'Tệp không có dòng dữ liệu nào' : summary.message
		});
	} catch (error) {
		await moveBatch(db, batchId, ['parsing'], 'failed', {
			message: `Không đọc được tệp: ${(error as Error).message}`,
			finished: true
		});
	}
}

async function parseFile(db: Database, batch: Batch, kind: ImportKind) {
	const check = await kind.checker(db, batch);
	const counts = { total: 0, create: 0, update: 0, error: 0 };
	let header: HeaderMap<string> | null = null;
	let fraction = 0;
	let chunk: ChunkRow[] = [];

	const flush = async () => {
		const out = await check(chunk);
		await insertRows(db, batch.id, out);
		for (const o of out) counts[o.outcome.action]++;
		counts.total += out.length;
		chunk = [];
		const current = await findBatch(db, batch.id);
		if (current?.status !== 'parsing') return false;
		await setProgress(db, batch.id, {
			progress: Math.min(99, fraction * 100),
			totalRows: counts.total,
			createRows: counts.create,
			updateRows: counts.update,
			errorRows: counts.error
		});
		return true;
	};

	for await (const row of readSheet(
		storagePath(batch.storageKey),
		(h) => (header = h),
		(f) => (fraction = f),
		kind.matchHeader
	)) {
		chunk.push({ rowNo: row.rowNo, raw: row.raw });
		if (chunk.length >= CHUNK && !(await flush())) return 'cancelled' as const;
	}
	if (chunk.length && !(await flush())) return 'cancelled' as const;
	const h = header as HeaderMap<string> | null;
	if (!h) return { ...counts, message: 'Tệp không có dòng tiêu đề' };
	const names = (keys: string[]) => keys.map((k) => kind.headerOf[k] ?? k).join(', ');
	if (h.missing.length && counts.total === 0)
		return { ...counts, message: `Thiếu cột: ${names(h.missing)}` };
	const notes: string[] = [];
	if (h.extra.length) notes.push(`Bỏ qua các cột không có trong mẫu: ${h.extra.join(', ')}`);
	if (h.missing.length) notes.push(`Thiếu cột bắt buộc: ${names(h.missing)}`);
	return { ...counts, message: notes.length ? notes.join('. ') : null };
}
