/**
 * The field view's offline queue, as pure rules: what a server answer means for a queued
 * action, how long to wait before trying again, the order of replay, and the bounded queue
 * of GPS positions. The browser side (IndexedDB, fetch, socket) lives in outbox.ts and
 * tracking.ts; everything here runs in a unit test.
 */

/** What every queued action has. `key` is its idempotency key. */
export interface QueuedCore {
	/** crypto.randomUUID(), chosen when the user tapped: the server applies a key once. */
	key: string;
	/** Order of taps; replay goes strictly by it. */
	seq: number;
	/** ISO instant of the tap. */
	createdAt: string;
	/** Failed attempts so far (network down, 5xx, 408, 429). */
	attempts: number;
}

/** An action the technician took on a work order, kept until the server has it. */
export interface QueuedBase extends QueuedCore {
	orderId: number;
	orderNumber: string;
}

export interface QueuedTransition extends QueuedBase {
	kind: 'transition';
	to: string;
	result?: Record<string, unknown>;
	note?: string;
	lon?: number;
	lat?: number;
}

export interface QueuedPhoto extends QueuedBase {
	kind: 'photo';
	fileName: string;
	/** The downscaled JPEG (IndexedDB stores Blobs as they are). */
	blob: Blob;
}

/** A GPS fix as a reading carries it, degrees and metres. */
export interface ReadingPosition {
	lon: number;
	lat: number;
	accuracyM?: number | null;
}

/**
 * A meter reading from the field reading app (/field/read), sent as multipart/form-data with
 * its photo. Its `key` is the reading's clientKey: a resend after a lost answer is answered
 * with the stored reading (200, replayed) and the photo is not stored twice.
 */
export interface QueuedReading extends QueuedCore {
	kind: 'reading';
	customerId: number;
	customerCode: string;
	/** The period the sheet was read for: a replay after it closed is refused, not moved on. */
	periodId: number;
	/** As typed ('1234,5'); absent with a note code that leaves the meter unread. */
	index?: string;
	noteCode?: string | null;
	note?: string | null;
	/** ISO instant the reader tapped save. */
	readAt: string;
	position?: ReadingPosition | null;
	/** The downscaled JPEG (IndexedDB stores Blobs as they are), null without a photo. */
	photo: Blob | null;
	photoName: string | null;
}

/** Money collected at the door (thu tiền tạm tính), integer VND. */
export interface QueuedCollection extends QueuedCore {
	kind: 'collection';
	customerId: number;
	customerCode: string;
	amountVnd: number;
	method: 'cash' | 'bank_transfer' | 'qr';
	collectedAt: string;
}

export type QueuedAction = QueuedTransition | QueuedPhoto | QueuedReading | QueuedCollection;

/** The `reading` JSON part of a queued reading: its key is the clientKey. */
export function readingPart(a: QueuedReading) {
	return {
		customerId: a.customerId,
		periodId: a.periodId,
		clientKey: a.key,
		...(a.index !== undefined && a.index !== '' ? { index: a.index } : {}),
		noteCode: a.noteCode ?? null,
		note: a.note ?? null,
		readAt: a.readAt,
		position: a.position ?? null
	};
}

/** The JSON body of a queued collection: its key is the clientKey. */
export function collectionBody(a: QueuedCollection) {
	return {
		clientKey: a.key,
		customerId: a.customerId,
		amountVnd: a.amountVnd,
		method: a.method,
		collectedAt: a.collectedAt
	};
}

/**
 * Readings waiting in the queue, the last one per customer (a re-read replaces an earlier
 * one on the server too, in tap order).
 */
export function queuedReadings(actions: readonly QueuedAction[]): Map<number, QueuedReading> {
	const byCustomer = new Map<number, QueuedReading>();
	for (const action of inReplayOrder([...actions]))
		if (action.kind === 'reading') byCustomer.set(action.customerId, action);
	return byCustomer;
}

/**
 * What an answer means:
 * - done: the server has it (2xx; a replayed key also answers 2xx, with the first result);
 * - retry: try the same action again later (no answer at all, 408, 429, 5xx);
 * - signin: the session ended (401); keep everything and ask the user to sign in again;
 * - refused: any other 4xx is final (bad result, invalid transition, not your order, photo
 *   too large): show the reason and drop the action so the actions behind it can go.
 */
export type Outcome = 'done' | 'retry' | 'signin' | 'refused';

/** `status` null: the request never got an answer (offline, DNS, connection reset). */
export function outcomeOf(status: number | null): Outcome {
	if (status === null) return 'retry';
	if (status >= 200 && status < 300) return 'done';
	if (status === 401) return 'signin';
	if (status === 408 || status === 429 || status >= 500) return 'retry';
	if (status >= 400) return 'refused';
	// 1xx/3xx never reach fetch's caller for these requests; treat as transient.
	return 'retry';
}

/** Wait before the next try after `attempts` failures: 1 s, 2 s, 4 s … at most 60 s. */
export function retryDelayMs(attempts: number): number {
	return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** Queued actions in replay order (by tap sequence, whatever order storage returned). */
export function inReplayOrder<T extends QueuedCore>(actions: T[]): T[] {
	return [...actions].sort((a, b) => a.seq - b.seq);
}

/** The answer to one attempt, as the sender reports it. */
export interface SendResult {
	status: number | null;
	/** The server's reason (or the network error) for a refusal, shown to the user. */
	reason?: string;
	field?: string;
	/** The server's answer to an accepted action (the order after a transition). */
	body?: unknown;
}

export interface Refusal<T> {
	action: T;
	reason: string;
	field?: string;
}

/** Storage and network for one drain of the queue (IndexedDB and fetch in the app). */
export interface DrainIo<T extends QueuedCore> {
	/** The oldest queued action, or undefined when the queue is empty. */
	head(): Promise<T | undefined>;
	send(action: T): Promise<SendResult>;
	remove(action: T): Promise<void>;
	/** Records one more failed attempt of the head. */
	failed(action: T): Promise<void>;
}

export interface DrainResult<T> {
	sent: number;
	refused: Refusal<T>[];
	/** Why the drain stopped with actions left: wait and retry, or wait for a new sign-in. */
	stopped: 'empty' | 'retry' | 'signin';
	/** For 'retry': how long to wait, ms. */
	retryInMs?: number;
}

/**
 * Sends the queue head first, one at a time, until it is empty or an answer says to stop.
 * Strict order matters: 'done' must follow 'start' for the same order, and a photo taken
 * before 'done' must be on the order before it is closed. A refused head is dropped (and
 * reported) so one bad action never blocks the rest. An action is removed only after the
 * server answered 2xx, so a lost answer means the same key is sent again: the server's
 * idempotency makes that harmless.
 */
export async function drainQueue<T extends QueuedCore>(io: DrainIo<T>): Promise<DrainResult<T>> {
	const refused: Refusal<T>[] = [];
	let sent = 0;
	for (;;) {
		const action = await io.head();
		if (!action) return { sent, refused, stopped: 'empty' };
		const answer = await io.send(action);
		const outcome = outcomeOf(answer.status);
		if (outcome === 'done') {
			await io.remove(action);
			sent++;
		} else if (outcome === 'refused') {
			await io.remove(action);
			refused.push({
				action,
				reason: answer.reason ?? String(answer.status),
				field: answer.field
			});
		} else if (outcome === 'signin') {
			return { sent, refused, stopped: 'signin' };
		} else {
			await io.failed(action);
			return { sent, refused, stopped: 'retry', retryInMs: retryDelayMs(action.attempts + 1) };
		}
	}
}

/** The status an order shows while transitions for it wait in the queue (the last one wins). */
export function pendingStatus(orderId: number, actions: QueuedAction[]): string | null {
	let status: string | null = null;
	for (const action of inReplayOrder(actions))
		if (action.kind === 'transition' && action.orderId === orderId) status = action.to;
	return status;
}

// ---- GPS positions ----------------------------------------------------------------------

/** One fix as the tracking contract sends it ('position:batch'). */
export interface Position {
	lon: number;
	lat: number;
	/** ISO instant of the fix. */
	at: string;
	accuracyM?: number;
	speedKmh?: number;
}

/** Positions kept while offline: 5,000 at one per 5 s is about 7 hours. Older ones go first. */
export const positionQueueCap = 5000;
/** The tracking contract's batch limit. */
export const positionBatchMax = 100;
/** A fix is kept at most this often, ms (the devices' report interval). */
export const positionEveryMs = 5000;

/** Whether a new fix is worth keeping: at least `everyMs` after the last one kept. */
export function keepFix(lastKeptAt: string | null, fix: Position, everyMs = positionEveryMs) {
	return lastKeptAt === null || Date.parse(fix.at) - Date.parse(lastKeptAt) >= everyMs;
}

/** Appends a fix and drops the oldest beyond `cap`; says how many were dropped. */
export function addPosition(
	queue: Position[],
	fix: Position,
	cap = positionQueueCap
): { queue: Position[]; dropped: number } {
	const next = [...queue, fix];
	const dropped = Math.max(0, next.length - cap);
	return { queue: dropped ? next.slice(dropped) : next, dropped };
}

/** The oldest fixes, at most one batch, in the order they were taken. */
export function nextBatch(queue: Position[], max = positionBatchMax): Position[] {
	return queue.slice(0, max);
}

/**
 * The queue without the fixes of a batch the server took (or refused for good). By identity,
 * not by count: while the batch was in flight new fixes came in and the cap may have dropped
 * old ones.
 */
export function withoutBatch(queue: Position[], batch: Position[]): Position[] {
	const gone = new Set(batch);
	return queue.filter((fix) => !gone.has(fix));
}
