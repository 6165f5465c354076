// One virtual field worker on the real socket.io API: goes on duty, walks their route (or
// towards their orders), reports a GPS fix every interval in a 'position:batch' (kept while
// disconnected and sent when the socket is back), and carries assigned orders through the
// JSON API: accept and set off on assignment, start work on arrival, done when finished.
import { io, type Socket } from 'socket.io-client';
import {
	isActive,
	simulatedResult,
	stepsTo,
	workMinutes,
	type Milestone
} from '../../src/lib/domain/simulation/orders.ts';
import { enqueue, nextBatch } from '../../src/lib/domain/simulation/schedule.ts';
import {
	detour,
	noisyFix,
	startWalk,
	tick,
	type WalkState,
	type Waypoint
} from '../../src/lib/domain/simulation/walk.ts';
import type { Rng } from '../../src/lib/domain/synthetic/prng.ts';
import { myOrders, transition, type SimOrder } from './api.ts';

export interface WorkerOptions {
	origin: string;
	cookie: string;
	staffId: number;
	username: string;
	/** One lap of the route, repeated. */
	lap: Waypoint[];
	intervalS: number;
	speedKmh: number;
	/** Share of an order's real working time spent on site (0.1: a 40 min repair takes 4 min). */
	workScale: number;
	rng: Rng;
	log: (line: string) => void;
}

export interface WorkerStats {
	connected: boolean;
	positionsSent: number;
	positionsQueued: number;
	ordersDone: number;
	errors: number;
}

// A device keeps at most an hour of fixes at one per 5 s while it cannot send.
const queueCap = 720;
// Orders are re-read this often even without an event (a missed event costs at most this), s.
const ordersPollS = 60;
// Standard deviation of the GPS error, m.
const gpsSigmaM = 4;

interface Fix {
	lon: number;
	lat: number;
	at: string;
	accuracyM: number;
	speedKmh: number;
}

export class FieldWorker {
	readonly stats: WorkerStats = {
		connected: false,
		positionsSent: 0,
		positionsQueued: 0,
		ordersDone: 0,
		errors: 0
	};
	private socket: Socket | null = null;
	private walk: WalkState;
	private unsent: Fix[] = [];
	private sending = false;
	private timer: NodeJS.Timeout | null = null;
	private pollTimer: NodeJS.Timeout | null = null;
	private orders = new Map<number, SimOrder>();
	/** Transitions run one at a time, in the order they were decided. */
	private chain: Promise<void> = Promise.resolve();

	constructor(private readonly o: WorkerOptions) {
		const first = o.lap[0];
		this.walk = startWalk([first.lon, first.lat], o.lap);
	}

	start(): void {
		const socket = io(this.o.origin, {
			transports: ['websocket'],
			// Each worker is its own device: its own connection with its own session cookie.
			forceNew: true,
			extraHeaders: { cookie: this.o.cookie },
			reconnectionDelayMax: 10_000
		});
		this.socket = socket;
		socket.on('connect', () => {
			this.stats.connected = true;
			this.goOnDuty(socket);
		});
		socket.on('disconnect', () => (this.stats.connected = false));
		socket.on('connect_error', (error) => this.fail(`connect: ${error.message}`));
		socket.on('work-order:assigned', () => this.refreshOrders());
		socket.on('work-order:changed', () => this.refreshOrders());
		this.timer = setInterval(() => this.step(), this.o.intervalS * 1000);
		this.pollTimer = setInterval(() => this.refreshOrders(), ordersPollS * 1000);
	}

	/**
	 * On duty first, then positions and orders: one thing at a time per device, as a phone app
	 * would (and easy on the embedded database, which runs one statement at a time). A refusal
	 * (the server could not save it) is retried every interval while connected.
	 */
	private goOnDuty(socket: Socket): void {
		socket.emit('duty:set', { onDuty: true }, (ack: { ok: boolean }) => {
			if (!ack?.ok) {
				this.fail(`duty:set refused, trying again: ${JSON.stringify(ack)}`);
				setTimeout(() => socket.connected && this.goOnDuty(socket), this.o.intervalS * 1000);
			}
			this.flush();
			this.refreshOrders();
		});
	}

	/** Goes off duty and closes the socket; waits for a transition in flight. */
	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		if (this.pollTimer) clearInterval(this.pollTimer);
		await this.chain;
		const socket = this.socket;
		if (!socket) return;
		if (socket.connected)
			await socket
				.timeout(2000)
				.emitWithAck('duty:set', { onDuty: false })
				.catch(() => {});
		socket.close();
	}

	private fail(message: string): void {
		this.stats.errors++;
		this.o.log(`${this.o.username}: ${message}`);
	}

	/** One interval: walk, act on arrivals and departures, record a fix and send. */
	private step(): void {
		const { state, arrived, departed } = tick(this.walk, this.o.intervalS, this.o.speedKmh);
		// Back along the route once a lap is walked.
		if (state.queue.length === 0 && !state.dwelling) state.queue.push(...this.o.lap);
		this.walk = state;
		for (const w of arrived) if (w.orderId) this.advance(w.orderId, 'arrived');
		for (const w of departed) if (w.orderId) this.advance(w.orderId, 'finished');
		const [lon, lat] = noisyFix(state.at, this.o.rng, gpsSigmaM);
		const moving = state.dwelling === null && state.queue.length > 0;
		this.unsent = enqueue(
			this.unsent,
			{
				lon: Number(lon.toFixed(6)),
				lat: Number(lat.toFixed(6)),
				at: new Date().toISOString(),
				accuracyM: Math.round(gpsSigmaM * 2),
				speedKmh: moving ? this.o.speedKmh : 0
			},
			queueCap
		);
		this.stats.positionsQueued = this.unsent.length;
		this.flush();
	}

	/** Sends the oldest unsent fixes; the rest go on the next acknowledgement. */
	private flush(): void {
		const socket = this.socket;
		if (!socket?.connected || this.sending || this.unsent.length === 0) return;
		const batch = nextBatch(this.unsent);
		this.sending = true;
		socket
			.timeout(10_000)
			.emitWithAck('position:batch', { positions: batch })
			.then((ack: { ok: boolean; error?: { field?: string } }) => {
				// The server could not store them now ('positions' as a whole): they stay queued.
				if (!ack?.ok && ack?.error?.field === 'positions') {
					this.fail(`position:batch not stored, kept to send again: ${JSON.stringify(ack.error)}`);
					return;
				}
				// Stored, or refused for their content (which a retry would not change).
				this.unsent = this.unsent.slice(batch.length);
				if (ack?.ok) this.stats.positionsSent += batch.length;
				else this.fail(`position:batch refused: ${JSON.stringify(ack?.error)}`);
			})
			.catch(() => {
				// No answer: the fixes stay queued for the next try.
			})
			.finally(() => {
				this.sending = false;
				this.stats.positionsQueued = this.unsent.length;
				if (this.unsent.length && socket.connected) this.flush();
			});
	}

	/** Re-reads the worker's orders and starts on the ones newly assigned. */
	private refreshOrders(): void {
		this.enqueueWork(async () => {
			const orders = await myOrders(this.o.origin, this.o.cookie, this.o.staffId);
			// Orders taken away (reassigned, cancelled) are dropped, and so is the walk to them.
			const current = new Set(orders.map((o) => o.id));
			for (const id of this.orders.keys())
				if (!current.has(id)) {
					this.orders.delete(id);
					this.walk = { ...this.walk, queue: this.walk.queue.filter((w) => w.orderId !== id) };
				}
			for (const order of orders) {
				if (!isActive(order.status)) {
					this.orders.delete(order.id);
					continue;
				}
				const known = this.orders.has(order.id);
				this.orders.set(order.id, order);
				if (!known) await this.begin(order);
			}
		});
	}

	/** Accepts and sets off (as far as needed), and heads for the order's location. */
	private async begin(order: SimOrder): Promise<void> {
		await this.moveTo(order.id, 'assigned');
		// At least one interval, so the stop shows on the trail.
		const dwellS = Math.max(this.o.intervalS, workMinutes[order.type] * 60 * this.o.workScale);
		const waypoint: Waypoint =
			order.lon !== null && order.lat !== null
				? { lon: order.lon, lat: order.lat, dwellS, orderId: order.id }
				: // An order without a place is worked where the worker stands.
					{ lon: this.walk.at[0], lat: this.walk.at[1], dwellS, orderId: order.id };
		this.walk = detour(this.walk, waypoint);
	}

	private advance(orderId: number, milestone: Milestone): void {
		this.enqueueWork(() => this.moveTo(orderId, milestone));
	}

	private async moveTo(orderId: number, milestone: Milestone): Promise<void> {
		let order = this.orders.get(orderId);
		if (!order) return;
		for (const to of stepsTo(order.status, milestone)) {
			const [lon, lat] = this.walk.at;
			const moved = await transition(this.o.origin, this.o.cookie, orderId, {
				to,
				lon,
				lat,
				result: to === 'done' ? simulatedResult(order.type, this.o.rng) : undefined,
				version: order.version
			});
			order = { ...order, ...moved };
			this.orders.set(orderId, order);
		}
		if (order.status === 'done') {
			this.stats.ordersDone++;
			this.orders.delete(orderId);
		}
	}

	private enqueueWork(work: () => Promise<void>): void {
		this.chain = this.chain.then(work).catch((error: Error) => this.fail(error.message));
	}
}
