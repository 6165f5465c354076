/**
 * The customer import as the pages and endpoints use it: upload (streamed to the storage
 * folder, then a parse job), the batch with its preview rows, commit (a job), cancel.
 * Permission to reach these is the guard's; creating customers needs customers.create, which
 * the upload and commit check here since they arrive as plain POSTs.
 */
import { rm } from 'node:fs/promises';
import { can } from '../../domain/access/permissions.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { claimCommit } from './commit.service.ts';
import { enqueueImport } from './import.jobs.ts';
import {
	deleteRows,
	findBatch,
	insertBatch,
	listBatches,
	moveBatch,
	pageRows,
	type Batch
} from './import.repository.ts';
import { saveUpload, storagePath, UploadError } from './storage.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

function fileNameOf(raw: string | null): string {
	const name = (raw ?? '')
		.normalize('NFC')
		.replace(/[\\/\0]/g, '_')
		.trim()
		.slice(0, 200);
	return name || 'import.xlsx';
}

export async function startImport(
	db: Database,
	user: SessionUser,
	body: ReadableStream<Uint8Array> | NodeJS.ReadableStream | null,
	rawName: string | null
): Promise<Outcome<{ batchId: number }>> {
	if (!can(user.permissions, 'customers', 'create'))
		return { ok: false, status: 403, message: 'customers.create' };
	if (!body) return { ok: false, status: 400, message: 'file: no file sent' };
	const fileName = fileNameOf(rawName);
	if (!/\.xlsx$/i.test(fileName))
		return { ok: false, status: 400, message: 'file: only .xlsx workbooks can be imported' };
	let saved;
	try {
		saved = await saveUpload(body);
	} catch (error) {
		if (error instanceof UploadError)
			return { ok: false, status: 400, message: `file: ${error.message}` };
		throw error;
	}
	const batchId = await insertBatch(db, { fileName, storageKey: saved.key, createdBy: user.id });
	await enqueueImport('import-parse', batchId);
	return { ok: true, value: { batchId } };
}

/** A batch its creator (or an unscoped user with the module) may see. */
export async function batchFor(db: Database, user: SessionUser, id: number): Promise<Batch | null> {
	const batch = await findBatch(db, id);
	if (!batch) return null;
	if (user.routeIds !== null && batch.createdBy !== user.id) return null;
	return batch;
}

export async function recentBatches(db: Database, user: SessionUser) {
	return listBatches(db, user.routeIds === null ? null : user.id);
}

export const PAGE_SIZE = 50;

export async function previewPage(
	db: Database,
	batchId: number,
	page: number,
	action: 'create' | 'update' | 'error' | null
) {
	return pageRows(db, batchId, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, action });
}

export async function requestCommit(
	db: Database,
	user: SessionUser,
	id: number
): Promise<Outcome<null>> {
	if (!can(user.permissions, 'customers', 'create'))
		return { ok: false, status: 403, message: 'customers.create' };
	const batch = await batchFor(db, user, id);
	if (!batch) return { ok: false, status: 404, message: 'batch not found' };
	const claim = await claimCommit(db, id);
	if (!claim.ok) return { ok: false, status: 409, message: `batch is ${claim.reason}` };
	await enqueueImport('import-commit', id);
	return { ok: true, value: null };
}

/** Cancel writes nothing: the batch's preview rows and its file go, the batch says cancelled. */
export async function cancelImport(
	db: Database,
	user: SessionUser,
	id: number
): Promise<Outcome<null>> {
	const batch = await batchFor(db, user, id);
	if (!batch) return { ok: false, status: 404, message: 'batch not found' };
	const moved = await moveBatch(
		db,
		id,
		['uploaded', 'parsing', 'previewed', 'failed'],
		'cancelled',
		{
			finished: true
		}
	);
	if (!moved) return { ok: false, status: 409, message: `batch is ${batch.status}` };
	await deleteRows(db, id);
	await rm(storagePath(batch.storageKey), { force: true });
	return { ok: true, value: null };
}
