import { getSocket, onResync } from '#lib/realtime/socket-client.ts';
import {
	liveStaff,
	orderDetail,
	ordersIn,
	unassignedOrders,
	type Bbox,
	type DispatchOrder,
	type LiveStaff
} from './api.ts';
import {
	allOrders,
	applyPositions,
	bump,
	indexBy,
	isOpen,
	updateMapOrders,
	updateQueue,
	type PositionUpdate
} from './model.ts';

interface OrderChanged {
	id: number;
	status?: string;
	assignedTo?: number | null;
}

// Events come in bursts (a bulk assignment, the simulator): refetch changed orders at most
// this often (ms), and past this many at once reload the lists instead of one by one.
const refreshEveryMs = 250;
const maxSingleRefresh = 20;
// Someone came on duty (or a stranger's position arrived): reload the staff at most this
// often (ms).
const staffReloadMs = 2000;

/**
 * What the dispatch screen shows: the queue of unassigned orders, the open orders in view and
 * the field staff on duty, kept current by socket.io events (ids only; details are refetched).
 */
export class DispatchStore {
	queue = $state.raw<DispatchOrder[]>([]);
	mapOrders = $state.raw<ReadonlyMap<number, DispatchOrder>>(indexBy([], () => 0));
	staff = $state.raw<ReadonlyMap<number, LiveStaff>>(indexBy([], () => 0));
	/** Per order id, how many times it changed since the page opened (cards refetch on it). */
	changes = $state.raw<ReadonlyMap<number, number>>(indexBy([], () => 0));
	error = $state<string | null>(null);

	#bbox: Bbox | null = null;
	#mapAbort: AbortController | null = null;
	#pending: number[] = [];
	#timer: ReturnType<typeof setTimeout> | null = null;
	#staffTimer: ReturnType<typeof setTimeout> | null = null;

	async loadQueue() {
		try {
			this.queue = await unassignedOrders();
		} catch (e) {
			this.error = (e as Error).message;
		}
	}

	/** The open orders in the map's view; an older request still running is dropped. */
	async loadMap(bbox: Bbox | null = this.#bbox) {
		this.#bbox = bbox;
		if (!bbox) return;
		this.#mapAbort?.abort();
		const controller = (this.#mapAbort = new AbortController());
		try {
			const orders = await ordersIn(bbox, controller.signal);
			this.mapOrders = indexBy(orders.filter(isOpen), (o) => o.id);
		} catch (e) {
			if ((e as Error).name !== 'AbortError') this.error = (e as Error).message;
		}
	}

	async loadStaff() {
		try {
			this.staff = indexBy(await liveStaff(), (s) => s.staffId);
		} catch (e) {
			this.error = (e as Error).message;
		}
	}

	reloadAll() {
		this.error = null;
		void this.loadQueue();
		void this.loadMap();
		void this.loadStaff();
	}

	/** Orders on the map and in the queue, each once (the queue may hold orders out of view). */
	get allOrders(): DispatchOrder[] {
		return allOrders(this.mapOrders, this.queue);
	}

	find(id: number): DispatchOrder | undefined {
		return this.mapOrders.get(id) ?? this.queue.find((o) => o.id === id);
	}

	/** After an assignment or an event: refetches these orders (debounced) and updates lists. */
	refresh(ids: Iterable<number>) {
		this.#pending.push(...ids);
		this.#timer ??= setTimeout(() => void this.#flush(), refreshEveryMs);
	}

	async #flush() {
		this.#timer = null;
		const ids = this.#pending.filter((id, i, all) => all.indexOf(id) === i);
		this.#pending = [];
		if (ids.length > maxSingleRefresh) {
			void this.loadQueue();
			void this.loadMap();
		} else
			await Promise.all(
				ids.map(async (id) => {
					const order = await orderDetail(id).catch(() => null);
					this.queue = order
						? updateQueue(this.queue, order)
						: this.queue.filter((o) => o.id !== id);
					// An order outside the view is not drawn; it is fetched again when the map moves.
					const inView = order && this.#bbox && contains(this.#bbox, order);
					if (inView || this.mapOrders.has(id))
						this.mapOrders = updateMapOrders(this.mapOrders, id, inView ? order : null);
				})
			);
		this.changes = bump(this.changes, ids);
	}

	#positions(positions: PositionUpdate[]) {
		const { staff, unknown } = applyPositions(this.staff, positions);
		this.staff = staff;
		if (unknown) this.#reloadStaffSoon();
	}

	#reloadStaffSoon() {
		this.#staffTimer ??= setTimeout(() => {
			this.#staffTimer = null;
			void this.loadStaff();
		}, staffReloadMs);
	}

	/** Loads everything and follows the server's events; returns the disconnect. */
	connect(): () => void {
		const socket = getSocket();
		const changed = (e: OrderChanged) => {
			if (Number.isInteger(e?.id)) this.refresh([e.id]);
		};
		const positions = (e: { positions?: PositionUpdate[] }) => {
			if (Array.isArray(e?.positions)) this.#positions(e.positions);
		};
		// Someone came on or went off duty.
		const duty = () => this.#reloadStaffSoon();
		socket.on('work-order:changed', changed);
		socket.on('staff:positions', positions);
		socket.on('staff:duty', duty);
		// Away too long for the server to replay what we missed: start over.
		const stopResync = onResync(() => this.reloadAll());
		void this.loadQueue();
		void this.loadStaff();
		return () => {
			socket.off('work-order:changed', changed);
			socket.off('staff:positions', positions);
			socket.off('staff:duty', duty);
			stopResync();
			this.#mapAbort?.abort();
			if (this.#timer) clearTimeout(this.#timer);
			if (this.#staffTimer) clearTimeout(this.#staffTimer);
		};
	}
}

const contains = ([w, s, e, n]: Bbox, o: { lon: number; lat: number }) =>
	o.lon >= w && o.lon <= e && o.lat >= s && o.lat <= n;
