import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { config } from '../config.ts';

/** Where attachments live and how large one may be (bytes). */
export interface AttachmentStorage {
	dir: string;
	maxBytes: number;
}

export function storageFromConfig(): AttachmentStorage {
	const cfg = config();
	return { dir: path.resolve(cfg.STORAGE_DIR), maxBytes: cfg.ATTACHMENT_MAX_MB * 1024 * 1024 };
}

/** A random key: the stored path never depends on anything the user sent. */
export const newStorageKey = (): string => `att-${randomUUID()}`;

/** Final place of a stored file; keys are fanned out over 256 folders by their first hex byte. */
export function filePath(storage: AttachmentStorage, key: string): string {
	if (!/^att-[0-9a-f-]{36}$/.test(key)) throw new Error(`bad storage key ${key}`);
	return path.join(storage.dir, 'attachments', key.slice(4, 6), key);
}

/** Upload in progress, on the same file system as its final place so the rename is atomic. */
export const tempPath = (storage: AttachmentStorage, key: string): string =>
	path.join(storage.dir, 'tmp', `${key}.part`);
