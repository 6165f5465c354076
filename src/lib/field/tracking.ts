import type { Socket } from 'socket.io-client';
import { writable, type Readable } from 'svelte/store';
import {
	addPosition,
	keepFix,
	nextBatch,
	positionEveryMs,
	withoutBatch,
	type Position
} from './outbox-logic.ts';
import { getValue, setValue, type FieldStore } from './store.ts';

export interface TrackingState {
	onDuty: boolean;
	/** Fixes taken and not yet accepted by the server. */
	queued: number;
	/** Oldest fixes dropped because the queue was full (since the app started). */
	dropped: number;
	/** Batches the server refused as malformed (dropped, not retried). */
	rejected: number;
	/** The last fix, for the map and for the place of an action. */
	last: Position | null;
	/** A geolocation error to show (permission denied, no fix). */
	error: string | null;
}

const ackTimeoutMs = 10_000;
const dutyKey = 'duty';
const positionsKey = 'positions';

type Ack = { ok: true; accepted: number } | { ok: false; error: { field: string; reason: string } };

/**
 * On duty, the phone watches its GPS and sends what it found every 5 s as one
 * 'position:batch' over the shared socket (the tracking contract: ≤ 100 fixes a batch, with
 * an ack). Without a connection the fixes wait in a queue capped at 5,000 (the newest are
 * kept), which is saved to IndexedDB every tick so a closed app keeps them.
 */
export class Tracker {
	readonly #socket: Socket;
	readonly #store: FieldStore;
	readonly #state = writable<TrackingState>({
		onDuty: false,
		queued: 0,
		dropped: 0,
		rejected: 0,
		last: null,
		error: null
	});
	readonly state: Readable<TrackingState> = { subscribe: this.#state.subscribe };
	#queue: Position[] = [];
	#lastKeptAt: string | null = null;
	#watch: number | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#sending = false;
	#dirty = false;
	#onDuty = false;

	constructor(socket: Socket, store: FieldStore) {
		this.#socket = socket;
		this.#store = store;
	}

	async start(): Promise<void> {
		this.#queue = (await getValue<Position[]>(this.#store, positionsKey)) ?? [];
		const duty = (await getValue<boolean>(this.#store, dutyKey)) ?? false;
		this.#patch({ queued: this.#queue.length });
		// The server learns the duty state again after every (re)connect.
		this.#socket.on('connect', this.#announce);
		this.#timer = setInterval(() => void this.#tick(), positionEveryMs);
		await this.setDuty(duty);
	}

	stop(): void {
		this.#socket.off('connect', this.#announce);
		if (this.#timer) clearInterval(this.#timer);
		this.#stopWatch();
	}

	async setDuty(onDuty: boolean): Promise<void> {
		this.#onDuty = onDuty;
		await setValue(this.#store, dutyKey, onDuty);
		this.#patch({ onDuty, error: null });
		if (onDuty) this.#startWatch();
		else this.#stopWatch();
		this.#announce();
	}

	#announce = () => {
		if (!this.#socket.connected) return;
		this.#socket
			.timeout(ackTimeoutMs)
			.emitWithAck('duty:set', { onDuty: this.#onDuty })
			.catch(() => {
				// No ack: the next connect announces it again.
			});
	};

	#startWatch() {
		if (this.#watch !== null || !('geolocation' in navigator)) return;
		this.#watch = navigator.geolocation.watchPosition(
			(p) => this.#add(p),
			(error) => this.#patch({ error: error.message }),
			{ enableHighAccuracy: true, maximumAge: 2000, timeout: 30_000 }
		);
	}

	#stopWatch() {
		if (this.#watch !== null) navigator.geolocation.clearWatch(this.#watch);
		this.#watch = null;
	}

	#add(p: GeolocationPosition) {
		const fix: Position = {
			lon: p.coords.longitude,
			lat: p.coords.latitude,
			at: new Date(p.timestamp).toISOString(),
			accuracyM: Math.round(p.coords.accuracy),
			// m/s → km/h; null when the device does not know.
			...(p.coords.speed !== null ? { speedKmh: Math.round(p.coords.speed * 3.6) } : {})
		};
		this.#patch({ last: fix, error: null });
		if (!keepFix(this.#lastKeptAt, fix)) return;
		this.#lastKeptAt = fix.at;
		const { queue, dropped } = addPosition(this.#queue, fix);
		this.#queue = queue;
		this.#dirty = true;
		this.#state.update((s) => ({ ...s, queued: queue.length, dropped: s.dropped + dropped }));
	}

	/** Sends every queued fix, a batch at a time (a backlog after a dead zone goes at once). */
	async #tick() {
		if (this.#sending) return;
		this.#sending = true;
		try {
			while (this.#socket.connected && this.#queue.length) {
				const batch = nextBatch(this.#queue);
				const ack = (await this.#socket
					.timeout(ackTimeoutMs)
					.emitWithAck('position:batch', { positions: batch })) as Ack;
				// Accepted, or refused as malformed (resending would be refused again): gone.
				this.#queue = withoutBatch(this.#queue, batch);
				this.#dirty = true;
				if (!ack.ok) this.#state.update((s) => ({ ...s, rejected: s.rejected + 1 }));
				this.#patch({ queued: this.#queue.length });
			}
		} catch {
			// No ack in time: the batch stays and goes again on the next tick.
		} finally {
			this.#sending = false;
		}
		if (this.#dirty) {
			this.#dirty = false;
			await setValue(this.#store, positionsKey, this.#queue);
		}
	}

	#patch(part: Partial<TrackingState>) {
		this.#state.update((s) => ({ ...s, ...part }));
	}
}
