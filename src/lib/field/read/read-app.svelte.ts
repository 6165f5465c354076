import { defaultRules } from '#lib/domain/readings/anomalies.ts';
import { getSocket, onResync } from '#lib/realtime/socket-client.ts';
import { HttpError } from '../api.ts';
import { fieldApp } from '../field-app.svelte.ts';
import {
	queuedReadings,
	type QueuedAction,
	type QueuedCollection,
	type QueuedReading,
	type ReadingPosition,
	type Refusal
} from '../outbox-logic.ts';
import { getValue, setValue } from '../store.ts';
import {
	withReading,
	type ReaderSheet,
	type SheetCustomer,
	type StoredReading
} from './sheet-logic.ts';

const sheetKey = 'read-sheet';
// Readings of the reader's routes change in bursts (an import, a clerk's review): reload the
// sheet at most this often, ms.
const reloadAfterMs = 1000;
const routeKey = 'read-route';
/** A GPS fix older than this is not taken as "where the reading was made", ms. */
export const fixFreshMs = 30_000;

export interface Fix extends ReadingPosition {
	at: number;
}

/** What the reader entered on a customer's screen, before it is queued. */
export interface ReadingEntry {
	index: string;
	noteCode: string | null;
	note: string;
	photo: Blob | null;
	position: ReadingPosition | null;
}

/**
 * The reading app's state, one per page load, on top of the field view's (fieldApp: who is
 * signed in, the offline queue, GPS tracking): the sheet (from the server, or the copy kept in
 * IndexedDB so the route opens offline), the route on screen, the GPS fix of this screen, and
 * the readings and collections waiting in the shared queue.
 */
class ReadApp {
	sheet = $state<ReaderSheet | null>(null);
	sheetFrom = $state<'server' | 'phone' | null>(null);
	/** Why the sheet could not be loaded (no open period, out of scope…), from the server. */
	sheetError = $state<string | null>(null);
	routeId = $state<number | null>(null);
	items = $state<QueuedAction[]>([]);
	refusals = $state<Refusal<QueuedAction>[]>([]);
	fix = $state<Fix | null>(null);
	gpsError = $state<string | null>(null);
	#started: Promise<void> | null = null;
	#reloadTimer: ReturnType<typeof setTimeout> | null = null;
	#watch: number | null = null;
	#watchers = 0;

	readonly queued = $derived(queuedReadings(this.items));
	readonly rules = $derived(this.sheet?.rules ?? defaultRules);
	readonly route = $derived(
		this.sheet?.routes.find((r) => r.id === this.routeId) ?? this.sheet?.routes[0] ?? null
	);
	readonly customers = $derived(this.route?.customers ?? []);

	start(): Promise<void> {
		this.#started ??= this.#start();
		return this.#started;
	}

	async #start() {
		await fieldApp.start();
		const store = fieldApp.store;
		const outbox = fieldApp.outbox;
		if (!store || !outbox) return;
		outbox.items.subscribe((items) => (this.items = items));
		outbox.refusals.subscribe((list) => (this.refusals = list));
		outbox.listen((action, body) => this.#accepted(action, body));
		// A clerk's correction or a reading entered elsewhere on these routes.
		getSocket().on('reading:changed', () => this.#reloadSoon());
		onResync(() => this.#reloadSoon());
		addEventListener('online', () => this.#reloadSoon());
		this.routeId = (await getValue<number>(store, routeKey)) ?? null;
		const cached = await getValue<ReaderSheet>(store, sheetKey);
		if (cached && this.sheetFrom === null) {
			this.sheet = cached;
			this.sheetFrom = 'phone';
		}
		await this.reload();
	}

	/**
	 * The sheet from the server (kept on the phone); offline, the kept one stays. A reader gets
	 * all their routes; an unscoped user the route they picked.
	 */
	async reload(routeId?: number) {
		const picked = routeId ?? (this.sheet?.scoped === false ? this.routeId : null);
		try {
			const q = picked === null || picked === undefined ? '' : `?routeId=${picked}`;
			const response = await fetch(`/api/field/read/sheet${q}`, {
				headers: { accept: 'application/json' }
			});
			if (response.status === 401) {
				location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
				return;
			}
			const body = (await response.json()) as ReaderSheet & { error?: { reason: string } };
			if (!response.ok) throw new HttpError(response.status, body.error?.reason ?? '');
			this.sheet = body;
			this.sheetFrom = 'server';
			this.sheetError = null;
			if (fieldApp.store) await setValue(fieldApp.store, sheetKey, $state.snapshot(body));
			if (!body.scoped && !q && this.routeId !== null) await this.reload(this.routeId);
		} catch (error) {
			// A refusal is shown; no answer at all (offline) keeps the sheet on screen.
			if (error instanceof HttpError) this.sheetError = error.message;
		}
	}

	#reloadSoon() {
		if (this.#reloadTimer) clearTimeout(this.#reloadTimer);
		this.#reloadTimer = setTimeout(() => void this.reload(), reloadAfterMs);
	}

	async pickRoute(id: number) {
		this.routeId = id;
		if (fieldApp.store) await setValue(fieldApp.store, routeKey, id);
		// An unscoped user loads one route at a time.
		if (!this.sheet?.routes.some((r) => r.id === id)) await this.reload(id);
	}

	customer(id: number): SheetCustomer | undefined {
		return this.routeOf(id)?.customers.find((c) => c.id === id);
	}

	/** The loaded route a customer is on. */
	routeOf(customerId: number) {
		return this.sheet?.routes.find((r) => r.customers.some((c) => c.id === customerId));
	}

	/** The accepted reading, shown at once and kept in the phone's copy of the sheet. */
	#accepted(action: QueuedAction, body: unknown) {
		if (action.kind !== 'reading' || !this.sheet) return;
		const r = (body as { reading?: Omit<StoredReading, 'currentIndex' | 'readAt'> }).reading;
		if (!r) return;
		const index = action.index ? Number(action.index.replace(',', '.')) : null;
		const stored: StoredReading = {
			id: r.id,
			kind: r.kind,
			consumptionM3: r.consumptionM3,
			flags: r.flags,
			reviewStatus: r.reviewStatus,
			currentIndex: Number.isFinite(index) ? index : null,
			noteCode: action.noteCode ?? null,
			readAt: action.readAt,
			photoCount: action.photo ? 1 : 0
		};
		this.sheet = withReading(this.sheet, action.customerId, stored);
		if (fieldApp.store) void setValue(fieldApp.store, sheetKey, $state.snapshot(this.sheet));
	}

	/** Queues a reading (its key, chosen now, is the clientKey) with its downscaled photo. */
	async saveReading(c: SheetCustomer, entry: ReadingEntry): Promise<string> {
		const photo = entry.photo;
		const readAt = new Date().toISOString();
		return fieldApp.outbox!.enqueue({
			kind: 'reading',
			customerId: c.id,
			customerCode: c.code,
			periodId: this.sheet!.period.id,
			...(entry.index.trim() ? { index: entry.index.trim() } : {}),
			noteCode: entry.noteCode,
			note: entry.note.trim() || null,
			readAt,
			position: entry.position,
			photo,
			photoName: photo ? `${c.code}-${readAt.slice(0, 10)}.jpg` : null
		});
	}

	async collect(c: SheetCustomer, amountVnd: number, method: QueuedCollection['method']) {
		return fieldApp.outbox!.enqueue({
			kind: 'collection',
			customerId: c.id,
			customerCode: c.code,
			amountVnd,
			method,
			collectedAt: new Date().toISOString()
		});
	}

	queuedReading(customerId: number): QueuedReading | undefined {
		return this.queued.get(customerId);
	}

	/** The phone's GPS while a reading screen is open; returns the stop for $effect. */
	watchGps(): () => void {
		this.#watchers++;
		if (this.#watch === null && 'geolocation' in navigator)
			this.#watch = navigator.geolocation.watchPosition(
				(p) => {
					this.fix = {
						lon: p.coords.longitude,
						lat: p.coords.latitude,
						accuracyM: Math.round(p.coords.accuracy),
						at: p.timestamp
					};
					this.gpsError = null;
				},
				(error) => (this.gpsError = error.message),
				{ enableHighAccuracy: true, maximumAge: 5000, timeout: 30_000 }
			);
		return () => {
			if (--this.#watchers > 0 || this.#watch === null) return;
			navigator.geolocation.clearWatch(this.#watch);
			this.#watch = null;
		};
	}

	/** A fresh fix for the reading being saved: the screen's last one, or one asked for now. */
	async currentFix(): Promise<ReadingPosition | null> {
		const fresh = (f: Fix | null) => f !== null && Date.now() - f.at < fixFreshMs;
		if (fresh(this.fix)) return strip(this.fix!);
		if (!('geolocation' in navigator)) return null;
		return new Promise((resolve) =>
			navigator.geolocation.getCurrentPosition(
				(p) =>
					resolve({
						lon: p.coords.longitude,
						lat: p.coords.latitude,
						accuracyM: Math.round(p.coords.accuracy)
					}),
				() => resolve(null),
				{ enableHighAccuracy: true, maximumAge: fixFreshMs, timeout: 8000 }
			)
		);
	}
}

const strip = ({ lon, lat, accuracyM }: Fix): ReadingPosition => ({ lon, lat, accuracyM });

export const readApp = new ReadApp();
