import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
	detectKind,
	sanitizeFileName,
	SNIFF_BYTES,
	type Detected
} from '../../domain/attachments/file-kind.ts';
import { m } from '../../paraglide/messages.js';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './attachments.repository.ts';
import {
	filePath,
	newStorageKey,
	storageFromConfig,
	tempPath,
	type AttachmentStorage
} from './attachments.storage.ts';

export type { AttachmentRow } from './attachments.repository.ts';

/** A refusal with its HTTP status and a message for the user. */
export class AttachmentError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 413 | 415,
		message: string
	) {
		super(message);
	}
}

const inScope = (user: SessionUser, routeId: number | null) =>
	user.routeIds === null || (routeId !== null && user.routeIds.includes(routeId));

/** The customer exists and the user's route scope covers it, or an AttachmentError. */
async function checkCustomer(db: Database, user: SessionUser, customerId: number): Promise<void> {
	const customer = await repo.findCustomerRoute(db, customerId);
	if (!customer) throw new AttachmentError(404, m.att_err_customer_not_found());
	if (!inScope(user, customer.routeId)) throw new AttachmentError(403, m.att_err_scope());
}

/** An attachment the user may see (customers module checked by the guard, route scope here). */
async function visibleAttachment(db: Database, user: SessionUser, id: number) {
	const row = await repo.findAttachment(db, id);
	if (!row || row.customerId === null) throw new AttachmentError(404, m.att_err_not_found());
	await checkCustomer(db, user, row.customerId);
	return row;
}

export async function listAttachments(db: Database, user: SessionUser, customerId: number) {
	await checkCustomer(db, user, customerId);
	const [attachments, contracts] = await Promise.all([
		repo.listForCustomer(db, customerId),
		repo.listContracts(db, customerId)
	]);
	return { attachments, contracts };
}

export interface UploadInput {
	customerId: number;
	entity: 'customer' | 'contract';
	/** The contract's id when entity is 'contract' (the customer's own id otherwise). */
	entityId: number;
	fileName: string;
	/** The request body, consumed chunk by chunk. */
	body: AsyncIterable<Uint8Array>;
	/** Content-Length when the client sent one: a larger upload is refused before reading. */
	declaredBytes?: number | null;
}

const auditValues = (row: {
	customerId: number | null;
	entity: string;
	entityId: number;
	fileName: string;
	contentType: string;
	sizeBytes: number;
	sha256: string;
}) => ({
	customer_id: row.customerId,
	entity: row.entity,
	entity_id: row.entityId,
	file_name: row.fileName,
	content_type: row.contentType,
	size_bytes: row.sizeBytes,
	sha256: row.sha256
});

/**
 * Streams an upload to a temporary file while hashing (sha256) and counting it, checks its
 * kind from the first bytes, then moves it into place and inserts the row with its audit
 * entry in one transaction. Any refusal leaves neither a file nor a row.
 */
export async function uploadAttachment(
	db: Database,
	user: SessionUser,
	input: UploadInput,
	storage: AttachmentStorage = storageFromConfig()
): Promise<repo.AttachmentRow> {
	await checkCustomer(db, user, input.customerId);
	if (
		input.entity === 'contract' &&
		!(await repo.contractBelongsTo(db, input.entityId, input.customerId))
	)
		throw new AttachmentError(400, m.att_err_contract({ id: input.entityId }));
	const entityId = input.entity === 'customer' ? input.customerId : input.entityId;
	return storeUpload(db, user, { ...input, entityId }, storage);
}

/** What storeUpload files the upload under; the caller has checked the user may do it. */
export interface StoreInput extends Omit<UploadInput, 'customerId' | 'entity'> {
	entity: repo.NewAttachment['entity'];
	customerId: number | null;
}

/**
 * The upload itself, for any entity whose access the caller has already checked (customers
 * and contracts above, work orders in the work-orders service).
 */
export async function storeUpload(
	db: Database,
	user: SessionUser,
	input: StoreInput,
	storage: AttachmentStorage = storageFromConfig()
): Promise<repo.AttachmentRow> {
	const maxMb = Math.round((storage.maxBytes / 1024 / 1024) * 100) / 100;
	const fileName = sanitizeFileName(input.fileName);
	const entityId = input.entityId;
	if (input.declaredBytes && input.declaredBytes > storage.maxBytes)
		throw new AttachmentError(413, m.att_err_too_large({ max: maxMb }));

	const key = newStorageKey();
	const tmp = tempPath(storage, key);
	const final = filePath(storage, key);
	await mkdir(path.dirname(tmp), { recursive: true });
	const hash = createHash('sha256');
	let size = 0;
	let head = new Uint8Array(0);
	let kind: Detected | null = null;
	// A refused upload is read to its end (not stored) up to this many more bytes, so the
	// browser receives the refusal instead of a reset connection; past it the request is cut.
	let refusal: AttachmentError | null = null;
	let drained = 0;
	const refuseKind = (k: Detected) =>
		new AttachmentError(415, m.att_err_type({ name: fileName, detected: k.label }));
	try {
		await pipeline(
			input.body,
			async function* (chunks: AsyncIterable<Uint8Array>) {
				for await (const chunk of chunks) {
					if (refusal) {
						drained += chunk.byteLength;
						if (drained > storage.maxBytes) throw refusal;
						continue;
					}
					size += chunk.byteLength;
					if (size > storage.maxBytes) {
						refusal = new AttachmentError(413, m.att_err_too_large({ max: maxMb }));
						continue;
					}
					hash.update(chunk);
					if (kind === null) {
						head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES);
						// Refuse a disallowed file from its first bytes, before storing the rest.
						if (head.byteLength >= SNIFF_BYTES) {
							kind = detectKind(head);
							if (!kind.allowed) {
								refusal = refuseKind(kind);
								continue;
							}
						}
					}
					yield chunk;
				}
			},
			createWriteStream(tmp, { flags: 'wx' })
		);
		if (refusal) throw refusal;
		if (size === 0) throw new AttachmentError(400, m.att_err_empty_file());
		if (kind === null) {
			kind = detectKind(head);
			if (!kind.allowed) throw refuseKind(kind);
		}
	} catch (error) {
		await rm(tmp, { force: true });
		throw error;
	}

	const values: repo.NewAttachment = {
		entity: input.entity,
		entityId,
		customerId: input.customerId,
		fileName,
		contentType: (kind as Detected | null)!.mime,
		sizeBytes: size,
		sha256: hash.digest('hex'),
		storageKey: key,
		uploadedBy: user.id
	};
	let moved = false;
	try {
		const id = await db.transaction().execute(async (trx) => {
			const id = await repo.insertAttachment(trx, values);
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'attachment',
				entityId: id,
				action: 'create',
				newValues: auditValues(values)
			});
			// Last step before commit: a failed rename rolls the row back.
			await mkdir(path.dirname(final), { recursive: true });
			await rename(tmp, final);
			moved = true;
			return id;
		});
		return (await repo.findAttachment(db, id))!;
	} catch (error) {
		// The commit failed after the move: the file goes too, so no file is left without a row.
		await rm(moved ? final : tmp, { force: true });
		throw error;
	}
}

/** A file the user may download: its row and where it is on disk. */
export async function openAttachment(
	db: Database,
	user: SessionUser,
	id: number,
	storage: AttachmentStorage = storageFromConfig()
): Promise<{ row: repo.AttachmentRow; path: string; size: number }> {
	return openFile(await visibleAttachment(db, user, id), storage);
}

/** Where a row's file is on disk, for a row whose access the caller has checked. */
export async function openFile(
	row: repo.AttachmentRow,
	storage: AttachmentStorage = storageFromConfig()
): Promise<{ row: repo.AttachmentRow; path: string; size: number }> {
	const file = filePath(storage, row.storageKey);
	const info = await stat(file).catch(() => null);
	if (!info?.isFile()) throw new AttachmentError(404, m.att_err_file_missing());
	return { row, path: file, size: info.size };
}

/** Removes the row (with its audit entry) in a transaction, and the file after the commit. */
export async function deleteAttachment(
	db: Database,
	user: SessionUser,
	id: number,
	storage: AttachmentStorage = storageFromConfig()
): Promise<repo.AttachmentRow> {
	const row = await visibleAttachment(db, user, id);
	// A meter photo is the proof of a reading (and billing rests on it): it stays with it.
	if (row.entity === 'reading') throw new AttachmentError(403, m.att_err_reading_photo());
	await db.transaction().execute(async (trx) => {
		const deleted = await repo.deleteAttachmentRow(trx, id);
		if (!deleted) throw new AttachmentError(404, m.att_err_not_found());
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'attachment',
			entityId: id,
			action: 'delete',
			oldValues: auditValues(row)
		});
	});
	await rm(filePath(storage, row.storageKey), { force: true });
	return row;
}
