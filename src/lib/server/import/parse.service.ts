/**
 * The parse job: reads an uploaded workbook as a stream, checks each row, and stores the
 * outcome per row (create, update, error with column and reason) in chunks, with progress on
 * the batch. References are looked up once per chunk of rows, never per row.
 */
import { headerOf, type HeaderMap, type RawRow } from '../../domain/import/columns.ts';
import {
	nameIndex,
	newFileState,
	rowKeys,
	validateRow,
	type ImportRefs,
	type RowOutcome
} from '../../domain/import/validate-row.ts';
import type { Database } from '../db/connection.ts';
import {
	chunkFacts,
	deleteRows,
	findBatch,
	insertRows,
	loadReferences,
	moveBatch,
	setProgress
} from './import.repository.ts';
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
		const summary = await parseFile(db, batchId, storagePath(batch.storageKey), batch.createdBy);
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

async function parseFile(db: Database, batchId: number, file: string, staffId: number | null) {
	const ref = await loadReferences(db, staffId);
	const refs: ImportRefs = {
		bounds: ref.bounds,
		wards: nameIndex(ref.wards),
		routes: nameIndex(ref.routes),
		scopeRouteIds: ref.scope ? new Set(ref.scope) : null
	};
	const state = newFileState();
	const counts = { total: 0, create: 0, update: 0, error: 0 };
	let header: HeaderMap | null = null;
	let fraction = 0;
	let chunk: { rowNo: number; raw: RawRow }[] = [];

	const flush = async () => {
		const keys = chunk.map((r) => rowKeys(r.raw, refs));
		const facts = await chunkFacts(db, {
			codes: [...new Set(keys.flatMap((k) => (k.code ? [k.code] : [])))],
			serials: [...new Set(keys.flatMap((k) => (k.serial ? [k.serial] : [])))],
			positions: [...new Set(keys.flatMap((k) => (k.position ? [k.position] : [])))]
		});
		const out: { rowNo: number; outcome: RowOutcome }[] = chunk.map((r) => ({
			rowNo: r.rowNo,
			outcome: validateRow(r.rowNo, r.raw, refs, facts, state)
		}));
		await insertRows(db, batchId, out);
		for (const o of out) counts[o.outcome.action]++;
		counts.total += out.length;
		chunk = [];
		const current = await findBatch(db, batchId);
		if (current?.status !== 'parsing') return false;
		await setProgress(db, batchId, {
			progress: Math.min(99, fraction * 100),
			totalRows: counts.total,
			createRows: counts.create,
			updateRows: counts.update,
			errorRows: counts.error
		});
		return true;
	};

	for await (const row of readSheet(
		file,
		(h) => (header = h),
		(f) => (fraction = f)
	)) {
		chunk.push({ rowNo: row.rowNo, raw: row.raw });
		if (chunk.length >= CHUNK && !(await flush())) return 'cancelled' as const;
	}
	if (chunk.length && !(await flush())) return 'cancelled' as const;
	const h = header as HeaderMap | null;
	if (!h) return { ...counts, message: 'Tệp không có dòng tiêu đề' };
	if (h.missing.length && counts.total === 0)
		return { ...counts, message: `Thiếu cột: ${h.missing.map((k) => headerOf[k]).join(', ')}` };
	const notes: string[] = [];
	if (h.extra.length) notes.push(`Bỏ qua các cột không có trong mẫu: ${h.extra.join(', ')}`);
	if (h.missing.length)
		notes.push(`Thiếu cột bắt buộc: ${h.missing.map((k) => headerOf[k]).join(', ')}`);
	return { ...counts, message: notes.length ? notes.join('. ') : null };
}
