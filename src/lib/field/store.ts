import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { QueuedAction } from './outbox-logic.ts';

/**
 * The field view's storage on the phone, one IndexedDB database per signed-in staff member
 * (a shared phone never shows one technician's queue or orders to another):
 * - outbox: actions not yet accepted by the server, keyed by tap sequence (auto-increment);
 * - kv: the last order list (to start offline), order details opened, unsent GPS fixes.
 */
interface FieldDb extends DBSchema {
	outbox: { key: number; value: QueuedAction };
	kv: { key: string; value: unknown };
}

export type FieldStore = IDBPDatabase<FieldDb>;

export function openFieldStore(staffId: number): Promise<FieldStore> {
	return openDB<FieldDb>(`waterline-field-${staffId}`, 1, {
		upgrade(db) {
			db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
			db.createObjectStore('kv');
		}
	});
}

/** Stores an action; IndexedDB gives it the next sequence number, which it returns. */
export async function addAction(
	store: FieldStore,
	action: Omit<QueuedAction, 'seq'>
): Promise<number> {
	return store.add('outbox', action as QueuedAction);
}

/** The oldest action: the outbox's key order is the tap order. */
export async function headAction(store: FieldStore): Promise<QueuedAction | undefined> {
	const cursor = await store.transaction('outbox').store.openCursor();
	return cursor?.value;
}

export const allActions = (store: FieldStore) => store.getAll('outbox');
export const removeAction = (store: FieldStore, seq: number) => store.delete('outbox', seq);
export const putAction = (store: FieldStore, action: QueuedAction) => store.put('outbox', action);

export async function getValue<T>(store: FieldStore, key: string): Promise<T | undefined> {
	return (await store.get('kv', key)) as T | undefined;
}
export const setValue = (store: FieldStore, key: string, value: unknown) =>
	store.put('kv', value, key);
