/**
 * The meter photo sent with a field reading: checked from its bytes (never its name or the
 * type the phone claims) before anything is written, then staged on disk so it can be moved
 * into place inside the reading's transaction. Same storage layout, sniffing and size limit
 * (ATTACHMENT_MAX_MB) as every other attachment (attachments.service.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectKind, sanitizeFileName, SNIFF_BYTES } from '../../domain/attachments/file-kind.ts';
import {
	filePath,
	newStorageKey,
	tempPath,
	type AttachmentStorage
} from '../attachments/attachments.storage.ts';
import { ReadingError } from '../readings/readings.schemas.ts';

const mb = (bytes: number) =>
	new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(bytes / 1024 / 1024);

/** An upload larger than the limit, refused before its bytes are read (413 on `photo`). */
export function tooLarge(bytes: number, storage: AttachmentStorage): ReadingError {
	return new ReadingError(
		413,
		'photo',
		`ảnh quá lớn (${mb(bytes)} MB): tối đa ${mb(storage.maxBytes)} MB`
	);
}

export interface CheckedPhoto {
	fileName: string;
	contentType: string;
	bytes: Uint8Array;
}

/** The photo's kind from its first bytes; a refusal names the field `photo` and what it is. */
export async function checkPhoto(file: File, storage: AttachmentStorage): Promise<CheckedPhoto> {
	if (file.size === 0) throw new ReadingError(400, 'photo', 'ảnh rỗng (0 byte)');
	if (file.size > storage.maxBytes) throw tooLarge(file.size, storage);
	const bytes = new Uint8Array(await file.arrayBuffer());
	const kind = detectKind(bytes.subarray(0, SNIFF_BYTES));
	const fileName = sanitizeFileName(file.name || 'anh-dong-ho.jpg');
	// PDFs are attachments elsewhere, but a meter photo must be a picture.
	if (!kind.allowed || !kind.mime.startsWith('image/'))
		throw new ReadingError(
			415,
			'photo',
			`«${fileName}» không phải là ảnh (tệp ${kind.label}): chỉ nhận ảnh JPEG, PNG, WebP, HEIC hoặc TIFF`
		);
	return { fileName, contentType: kind.mime, bytes };
}

export interface StagedPhoto extends CheckedPhoto {
	storageKey: string;
	sha256: string;
	/** Moves the file into its final place (call inside the transaction, as its last step). */
	place(): Promise<void>;
	/** Removes whatever is on disk (staged or placed): the transaction did not commit. */
	discard(): Promise<void>;
}

/** Writes the photo to the temporary folder, on the same file system as its final place. */
export async function stagePhoto(
	photo: CheckedPhoto,
	storage: AttachmentStorage
): Promise<StagedPhoto> {
	const storageKey = newStorageKey();
	const tmp = tempPath(storage, storageKey);
	const final = filePath(storage, storageKey);
	await mkdir(path.dirname(tmp), { recursive: true });
	await writeFile(tmp, photo.bytes, { flag: 'wx' });
	let placed = false;
	return {
		...photo,
		storageKey,
		sha256: createHash('sha256').update(photo.bytes).digest('hex'),
		async place() {
			await mkdir(path.dirname(final), { recursive: true });
			await rename(tmp, final);
			placed = true;
		},
		async discard() {
			await rm(placed ? final : tmp, { force: true });
		}
	};
}
