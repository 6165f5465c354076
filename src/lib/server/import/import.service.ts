/**
 * The imports as the pages and endpoints use them, for every kind: upload (streamed to the
 * storage folder, then a parse job), the batch with its preview rows, commit (a job), cancel.
 * Each function takes the kind it serves (customers by default), so one kind's pages never
 * reach another kind's batches. Permission to reach these is the guard's; the right a kind's
 * upload and commit need (creating customers: customers.create; receiving readings:
 * readings.edit) is checked here too, since they arrive as plain POSTs.
 */
import { rm } from 'node:fs/promises';
import { can, type Action, type Module } from '../../domain/access/permissions.ts';
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
	type Batch,
	type ImportKindName
} from './import.repository.ts';
import { saveUpload, storagePath, UploadError } from './storage.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

/** The right that writing a kind's rows needs. */
const writeRight: Record<ImportKindName, [Module, Action]> = {
	customers: ['customers', 'create'],
	readings: ['readings', 'edit']
};

function refusedRight(user: SessionUser, kind: ImportKindName): Outcome<never> | null {
	const [module, action] = writeRight[kind];
	return can(user.permissions, module, action)
		? null
		: { ok: false, status: 403, message: `${module}.${action}` };
}

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
	rawName: string | null,
	target: { kind: ImportKindName; periodId: number | null } = { kind: 'customers', periodId: null }
): Promise<Outcome<{ batchId: number }>> {
	const refused = refusedRight(user, target.kind);
	if (refused) return refused;
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
	const batchId = await insertBatch(db, {
		kind: target.kind,
		periodId: target.periodId,
		fileName,
		storageKey: saved.key,
		createdBy: user.id
	});
	await enqueueImport('import-parse', batchId);
	return { ok: true, value: { batchId } };
}

/** A batch of `kind` its creator (or an unscoped user with the module) may see. */
export async function batchFor(
	db: Database,
	user: SessionUser,
	id: number,
	kind: ImportKindName = 'customers'
): Promise<Batch | null> {
	const batch = await findBatch(db, id);
	if (!batch || batch.kind !== kind) return null;
	if (user.routeIds !== null && batch.createdBy !== user.id) return null;
	return batch;
}

export async function recentBatches(
	db: Database,
	user: SessionUser,
	kind: ImportKindName = 'customers'
) {
	return listBatches(db, kind, user.routeIds === null ? null : user.id);
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
	id: number,
	kind: ImportKindName = 'customers'
): Promise<Outcome<null>> {
	const refused = refusedRight(user, kind);
	if (refused) return refused;
	const batch = await batchFor(db, user, id, kind);
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
	id: number,
	kind: ImportKindName = 'customers'
): Promise<Outcome<null>> {
	const batch = await batchFor(db, user, id, kind);
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
