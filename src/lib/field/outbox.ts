import { writable, type Readable } from 'svelte/store';
import { sendAction } from './api.ts';
import { drainQueue, inReplayOrder, type QueuedAction, type Refusal } from './outbox-logic.ts';
import {
	addAction,
	allActions,
	getValue,
	headAction,
	putAction,
	removeAction,
	setValue,
	type FieldStore
} from './store.ts';

/** An action as the screen hands it over; the queue adds its key, sequence and tap time. */
type NewAction = QueuedAction extends infer A
	? A extends QueuedAction
		? Omit<A, 'seq' | 'key' | 'createdAt' | 'attempts'>
		: never
	: never;

type AnswerListener = (action: QueuedAction, body: unknown) => void;

// Refusals are kept on the phone until the user dismisses them: a reading refused while the
// app was closed (locked period, photo not accepted) is still there at the next start.
const refusalsKey = 'refusals';

/**
 * The offline queue on the phone. Every action the technician takes goes through it, online
 * or not: it is stored with its idempotency key first, then sent. So an action whose answer
 * was lost is resent with the same key, and nothing is lost when the app is closed.
 * Replays run one at a time, in tap order (rules in outbox-logic.ts).
 */
export class Outbox {
	readonly #store: FieldStore;
	readonly #items = writable<QueuedAction[]>([]);
	readonly #refusals = writable<Refusal<QueuedAction>[]>([]);
	readonly #signInNeeded = writable(false);
	#draining: Promise<void> | null = null;
	#again = false;
	#refusalsLoaded = false;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	/** Called after the server accepted actions (the screen reloads the orders). */
	onsent: (() => void) | null = null;
	/** The server's answer to each accepted action (a transition answers with the order). */
	onanswer: AnswerListener | null = null;
	readonly #listeners = new Set<AnswerListener>();

	/** Actions waiting, in tap order. */
	readonly items: Readable<QueuedAction[]> = { subscribe: this.#items.subscribe };
	/** Actions the server refused for good, with its reason, until the user dismisses them. */
	readonly refusals: Readable<Refusal<QueuedAction>[]> = { subscribe: this.#refusals.subscribe };
	readonly signInNeeded: Readable<boolean> = { subscribe: this.#signInNeeded.subscribe };

	constructor(store: FieldStore) {
		this.#store = store;
	}

	async load(): Promise<void> {
		this.#items.set(inReplayOrder(await allActions(this.#store)));
		if (!this.#refusalsLoaded) {
			this.#refusalsLoaded = true;
			const kept = (await getValue<Refusal<QueuedAction>[]>(this.#store, refusalsKey)) ?? [];
			this.#refusals.update((list) => [...kept, ...list]);
		}
	}

	/** Another screen's listener for accepted actions (the reading app); returns its removal. */
	listen(listener: AnswerListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#saveRefusals(list: Refusal<QueuedAction>[]) {
		void setValue(this.#store, refusalsKey, list).catch(() => {
			// Storage full or closed: they stay on screen for this session.
		});
	}

	/** Stores the action (its key is chosen now, at the tap) and starts sending. */
	async enqueue(action: NewAction): Promise<string> {
		const key = crypto.randomUUID();
		await addAction(this.#store, {
			...action,
			key,
			createdAt: new Date().toISOString(),
			attempts: 0
		} as Omit<QueuedAction, 'seq'>);
		await this.load();
		void this.flush();
		return key;
	}

	dismiss(key: string): void {
		this.#refusals.update((list) => {
			const left = list.filter((r) => r.action.key !== key);
			this.#saveRefusals(left);
			return left;
		});
	}

	/** Sends what is queued; a call during a drain makes that drain go round once more. */
	flush(): Promise<void> {
		if (this.#draining) {
			this.#again = true;
			return this.#draining;
		}
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		this.#draining = this.#drain().finally(() => {
			this.#draining = null;
			if (this.#again) {
				this.#again = false;
				void this.flush();
			}
		});
		return this.#draining;
	}

	async #drain(): Promise<void> {
		const store = this.#store;
		const result = await drainQueue<QueuedAction>({
			head: () => headAction(store),
			send: async (action) => {
				const answer = await sendAction(action);
				if (answer.body !== undefined) {
					this.onanswer?.(action, answer.body);
					for (const listener of this.#listeners) listener(action, answer.body);
				}
				return answer;
			},
			remove: async (a) => {
				await removeAction(store, a.seq);
				await this.load();
			},
			failed: async (a) => {
				await putAction(store, { ...a, attempts: a.attempts + 1 });
			}
		});
		this.#signInNeeded.set(result.stopped === 'signin');
		if (result.refused.length)
			this.#refusals.update((list) => {
				const all = [...list, ...result.refused];
				this.#saveRefusals(all);
				return all;
			});
		if (result.sent || result.refused.length) this.onsent?.();
		// No answer: try again after the back-off, or as soon as the browser says it is online.
		if (result.stopped === 'retry')
			this.#retryTimer = setTimeout(() => void this.flush(), result.retryInMs);
		await this.load();
	}

	close(): void {
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
	}
}
