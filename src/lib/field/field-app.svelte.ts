import { m } from '#lib/paraglide/messages.js';
import { getSocket, onResync } from '#lib/realtime/socket-client.ts';
import { fetchMe, fetchMyOrders, HttpError, type Me } from './api.ts';
import { sortOrders, type FieldOrder } from './orders-logic.ts';
import { Outbox } from './outbox.ts';
import { downscalePhoto, photoFileName } from './photo.ts';
import { get } from 'svelte/store';
import { getValue, openFieldStore, setValue, type FieldStore } from './store.ts';
import { Tracker } from './tracking.ts';

export interface Notice {
	id: number;
	text: string;
	href?: string;
}

const meKey = 'waterline-field-me';
const ordersKey = 'orders';
// Events come in bursts (a dispatcher's bulk assignment): reload the list at most this often, ms.
const reloadAfterMs = 300;

/**
 * The field view's state, one per page load (the view renders in the browser only, ssr off):
 * who is signed in, their orders (from the server, or the last list kept on the phone), the
 * offline queue, GPS tracking and the live events that keep the list current.
 */
class FieldApp {
	me = $state<Me | null>(null);
	orders = $state<FieldOrder[]>([]);
	/** Where the list came from: the server now, or the copy kept from the last visit. */
	ordersFrom = $state<'server' | 'phone' | null>(null);
	ordersAt = $state<string | null>(null);
	browserOnline = $state(true);
	notices = $state<Notice[]>([]);
	startError = $state<string | null>(null);
	outbox = $state<Outbox | null>(null);
	tracker = $state<Tracker | null>(null);
	#store: FieldStore | null = null;
	#started: Promise<void> | null = null;
	#reloadTimer: ReturnType<typeof setTimeout> | null = null;
	#noticeId = 0;

	/** This user's storage on the phone (null before start or when signed out). */
	get store(): FieldStore | null {
		return this.#store;
	}

	start(): Promise<void> {
		this.#started ??= this.#start();
		return this.#started;
	}

	async #start() {
		this.browserOnline = navigator.onLine;
		addEventListener('online', this.#wentOnline);
		addEventListener('offline', () => (this.browserOnline = false));
		this.me = await this.#who();
		if (!this.me) return;
		const store = await openFieldStore(this.me.id);
		this.#store = store;
		const outbox = new Outbox(store);
		outbox.onsent = () => this.reloadSoon();
		outbox.onanswer = (action, body) => {
			// The order as the transition left it: shown at once, before the list reloads.
			const changed = (body as { order?: FieldOrder } | null)?.order;
			if (action.kind === 'transition' && changed?.id === action.orderId)
				this.orders = this.orders.map((o) => (o.id === changed.id ? { ...o, ...changed } : o));
		};
		await outbox.load();
		this.outbox = outbox;
		const cached = await getValue<{ orders: FieldOrder[]; at: string }>(store, ordersKey);
		if (cached && this.ordersFrom === null) {
			this.orders = cached.orders;
			this.ordersAt = cached.at;
			this.ordersFrom = 'phone';
		}
		const socket = getSocket();
		socket.on('work-order:assigned', (e: { id: number; number: string }) => {
			this.notify(m.fld_assigned_notice({ number: e.number }), `/field/${e.id}`);
			navigator.vibrate?.(200);
			this.reloadSoon();
		});
		socket.on('work-order:changed', () => this.reloadSoon());
		socket.on('connect', () => void outbox.flush());
		onResync(() => this.reloadSoon());
		const tracker = new Tracker(socket, store);
		this.tracker = tracker;
		await tracker.start();
		void outbox.flush();
		await this.reload();
	}

	/** The signed-in user, from the server, or the one last seen on this phone when offline. */
	async #who(): Promise<Me | null> {
		try {
			const me = await fetchMe();
			localStorage.setItem(meKey, JSON.stringify(me));
			return me;
		} catch (error) {
			if (error instanceof HttpError && error.status === 401) {
				localStorage.removeItem(meKey);
				location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
				return null;
			}
			if (error instanceof HttpError) {
				this.startError = error.message;
				return null;
			}
			const saved = localStorage.getItem(meKey);
			if (saved) return JSON.parse(saved) as Me;
			this.startError = (error as Error).message;
			return null;
		}
	}

	/** On sign-out: an offline start no longer opens this user's saved list. */
	forgetUser() {
		localStorage.removeItem(meKey);
	}

	#wentOnline = () => {
		this.browserOnline = true;
		void this.outbox?.flush();
		this.reloadSoon();
	};

	reloadSoon() {
		if (this.#reloadTimer) clearTimeout(this.#reloadTimer);
		this.#reloadTimer = setTimeout(() => void this.reload(), reloadAfterMs);
	}

	/** The list from the server; kept on the phone for an offline start. Offline: unchanged. */
	async reload() {
		try {
			const orders = sortOrders(await fetchMyOrders());
			this.orders = orders;
			this.ordersFrom = 'server';
			this.ordersAt = new Date().toISOString();
			if (this.#store)
				await setValue(this.#store, ordersKey, {
					orders: $state.snapshot(orders),
					at: this.ordersAt
				});
		} catch (error) {
			if (error instanceof HttpError && error.status === 401)
				location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
			// Offline or the server is away: the list on screen stays.
		}
	}

	notify(text: string, href?: string) {
		const id = ++this.#noticeId;
		this.notices = [...this.notices, { id, text, href }];
	}

	dismissNotice(id: number) {
		this.notices = this.notices.filter((n) => n.id !== id);
	}

	order(id: number): FieldOrder | undefined {
		return this.orders.find((o) => o.id === id);
	}

	/** A status change, queued with its idempotency key and the phone's place if known. */
	async act(
		order: FieldOrder,
		to: string,
		extra: { result?: Record<string, unknown>; note?: string } = {}
	) {
		const last = this.tracker ? get(this.tracker.state).last : null;
		return this.outbox!.enqueue({
			kind: 'transition',
			orderId: order.id,
			orderNumber: order.number,
			to,
			...extra,
			...(last ? { lon: last.lon, lat: last.lat } : {})
		});
	}

	/** A camera photo, scaled down on the phone and queued for upload. */
	async addPhoto(order: FieldOrder, file: File) {
		const blob = await downscalePhoto(file);
		// Re-encoded: a JPEG name of our own; kept as taken (not decodable here): its own name.
		const fileName =
			blob !== file || !file.name ? photoFileName(order.number, new Date()) : file.name;
		return this.outbox!.enqueue({
			kind: 'photo',
			orderId: order.id,
			orderNumber: order.number,
			fileName,
			blob
		});
	}
}

export const fieldApp = new FieldApp();
