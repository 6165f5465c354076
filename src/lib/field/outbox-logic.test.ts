import { describe, expect, it } from 'vitest';
import {
	addPosition,
	collectionBody,
	drainQueue,
	inReplayOrder,
	keepFix,
	nextBatch,
	outcomeOf,
	pendingStatus,
	queuedReadings,
	readingPart,
	retryDelayMs,
	withoutBatch,
	type DrainIo,
	type Position,
	type QueuedCollection,
	type QueuedCore,
	type QueuedReading,
	type QueuedTransition,
	type SendResult
} from './outbox-logic.ts';

describe('outcomeOf', () => {
	it('keeps an action for later when there was no answer or a transient one', () => {
		for (const status of [null, 408, 429, 500, 502, 503]) expect(outcomeOf(status)).toBe('retry');
	});
	it('drops an action the server refused for good', () => {
		for (const status of [400, 403, 404, 409, 413, 415, 422])
			expect(outcomeOf(status)).toBe('refused');
	});
	it('keeps the queue when the session ended', () => {
		expect(outcomeOf(401)).toBe('signin');
	});
	it('counts any 2xx (a replayed key answers 200) as done', () => {
		expect(outcomeOf(200)).toBe('done');
		expect(outcomeOf(201)).toBe('done');
	});
});

describe('retryDelayMs', () => {
	it('doubles from one second and stops at a minute', () => {
		expect([1, 2, 3, 4, 7, 30].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000]);
	});
});

let seq = 0;
const transition = (orderId: number, to: string): QueuedTransition => ({
	kind: 'transition',
	key: crypto.randomUUID(),
	seq: ++seq,
	orderId,
	orderNumber: `PCT-2026-00000${orderId}`,
	createdAt: new Date().toISOString(),
	attempts: 0,
	to
});

/**
 * A server that applies each idempotency key once, as the real one does, and a network the
 * test can break: `down` answers nothing, `loseAnswer` applies the action and then loses the
 * response (the case a retry must not duplicate).
 */
function fakeServer(allowed: Record<string, string[]>) {
	const applied = new Map<string, string>();
	const events: { orderId: number; to: string }[] = [];
	const status = new Map<number, string>();
	const net = { down: false, loseAnswer: false };
	function handle(action: QueuedTransition): SendResult {
		if (net.down) return { status: null, reason: 'offline' };
		if (applied.has(action.key)) return { status: 200 };
		const from = status.get(action.orderId) ?? 'assigned';
		if (!(allowed[from] ?? []).includes(action.to))
			return { status: 409, reason: `${from} → ${action.to}` };
		status.set(action.orderId, action.to);
		applied.set(action.key, action.to);
		events.push({ orderId: action.orderId, to: action.to });
		if (net.loseAnswer) return { status: null, reason: 'connection reset' };
		return { status: 200 };
	}
	return { handle, events, status, net };
}

/** The queue in memory, as the IndexedDB store holds it in the app. */
function memoryQueue<T extends QueuedCore>(actions: T[], send: (a: T) => SendResult) {
	let queue = [...actions];
	const io: DrainIo<T> = {
		head: async () => inReplayOrder(queue)[0],
		send: async (a) => send(a),
		remove: async (a) => {
			queue = queue.filter((q) => q.key !== a.key);
		},
		failed: async (a) => {
			queue = queue.map((q) => (q.key === a.key ? { ...q, attempts: q.attempts + 1 } : q));
		}
	};
	return { io, items: () => queue };
}

const workflow = {
	assigned: ['accepted'],
	accepted: ['en_route'],
	en_route: ['in_progress'],
	in_progress: ['done', 'failed']
};

describe('drainQueue', () => {
	it('replays in tap order even when storage returns them shuffled', async () => {
		const server = fakeServer(workflow);
		const steps = ['accepted', 'en_route', 'in_progress', 'done'].map((to) => transition(1, to));
		const queue = memoryQueue([steps[2], steps[0], steps[3], steps[1]], server.handle);
		const result = await drainQueue(queue.io);
		expect(result).toMatchObject({ sent: 4, stopped: 'empty', refused: [] });
		expect(server.events.map((e) => e.to)).toEqual(['accepted', 'en_route', 'in_progress', 'done']);
	});

	it('stops at the first unanswered action and keeps it and everything behind it', async () => {
		const server = fakeServer(workflow);
		const steps = ['accepted', 'en_route'].map((to) => transition(2, to));
		const queue = memoryQueue(steps, server.handle);
		server.net.down = true;
		const result = await drainQueue(queue.io);
		expect(result).toMatchObject({ sent: 0, stopped: 'retry', retryInMs: 1000 });
		expect(queue.items().map((a) => [a.to, a.attempts])).toEqual([
			['accepted', 1],
			['en_route', 0]
		]);
		expect(server.events).toEqual([]);
	});

	it('resends an action whose answer was lost and the server records it once', async () => {
		const server = fakeServer(workflow);
		const steps = ['accepted', 'en_route'].map((to) => transition(3, to));
		const queue = memoryQueue(steps, server.handle);
		server.net.loseAnswer = true;
		expect((await drainQueue(queue.io)).stopped).toBe('retry');
		server.net.loseAnswer = false;
		const again = await drainQueue(queue.io);
		expect(again).toMatchObject({ sent: 2, stopped: 'empty' });
		expect(server.events).toEqual([
			{ orderId: 3, to: 'accepted' },
			{ orderId: 3, to: 'en_route' }
		]);
	});

	it('drops a refused head with its reason so the actions behind it still go', async () => {
		const server = fakeServer(workflow);
		const bad = transition(4, 'done');
		const good = transition(5, 'accepted');
		const queue = memoryQueue([bad, good], server.handle);
		const result = await drainQueue(queue.io);
		expect(result.refused).toEqual([{ action: bad, reason: 'assigned → done', field: undefined }]);
		expect(result).toMatchObject({ sent: 1, stopped: 'empty' });
		expect(server.status.get(5)).toBe('accepted');
		expect(queue.items()).toEqual([]);
	});

	it('keeps the whole queue when the session has ended', async () => {
		const steps = [transition(6, 'accepted')];
		const queue = memoryQueue(steps, () => ({ status: 401 }));
		expect(await drainQueue(queue.io)).toMatchObject({ stopped: 'signin', sent: 0 });
		expect(queue.items()).toHaveLength(1);
		expect(queue.items()[0].attempts).toBe(0);
	});
});

describe('pendingStatus', () => {
	it('shows the last queued status of that order', () => {
		const queued = [
			transition(7, 'accepted'),
			transition(8, 'accepted'),
			transition(7, 'en_route')
		];
		expect(pendingStatus(7, queued)).toBe('en_route');
		expect(pendingStatus(9, queued)).toBe(null);
	});
});

describe('GPS positions', () => {
	const fix = (second: number): Position => ({
		lon: 107.6,
		lat: 16.46,
		at: new Date(Date.UTC(2026, 10, 27, 1, 0, second)).toISOString()
	});

	it('keeps one fix per 5 seconds', () => {
		expect(keepFix(null, fix(0))).toBe(true);
		expect(keepFix(fix(0).at, fix(4))).toBe(false);
		expect(keepFix(fix(0).at, fix(5))).toBe(true);
	});

	it('drops the oldest fixes beyond the cap and says how many', () => {
		let queue: Position[] = [];
		let dropped = 0;
		for (let s = 0; s < 8; s++) {
			const next = addPosition(queue, fix(s), 5);
			queue = next.queue;
			dropped += next.dropped;
		}
		expect(dropped).toBe(3);
		expect(queue.map((p) => p.at)).toEqual([3, 4, 5, 6, 7].map((s) => fix(s).at));
	});

	it('sends the oldest first, at most a batch, and removes exactly what was sent', () => {
		const queue = Array.from({ length: 250 }, (_, i) => fix(i));
		const batch = nextBatch(queue);
		expect(batch).toHaveLength(100);
		expect(batch[0]).toBe(queue[0]);
		// New fixes arrived and the cap dropped the two oldest while the batch was in flight.
		const meanwhile = [...queue.slice(2), fix(300)];
		const left = withoutBatch(meanwhile, batch);
		expect(left).toHaveLength(151);
		expect(left[0]).toBe(queue[100]);
	});
});

describe('queued readings', () => {
	let n = 100;
	const reading = (customerId: number, extra: Partial<QueuedReading> = {}): QueuedReading => ({
		kind: 'reading',
		key: crypto.randomUUID(),
		seq: ++n,
		createdAt: new Date().toISOString(),
		attempts: 0,
		customerId,
		customerCode: `KH${customerId}`,
		periodId: 13,
		index: '1234,5',
		readAt: '2026-12-03T02:00:00.000Z',
		position: { lon: 107.59, lat: 16.46, accuracyM: 5 },
		photo: new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }),
		photoName: 'dong-ho.jpg',
		...extra
	});

	/**
	 * The reading endpoint as the server behaves: a key is applied once (a replay answers 200
	 * with the stored reading and stores no second photo), a locked period answers 409 and a
	 * photo that is not an image 415.
	 */
	function readingServer() {
		const stored = new Map<string, { customerId: number; photos: number }>();
		const net = { down: false, loseAnswer: false, locked: false };
		function handle(a: QueuedReading): SendResult {
			if (net.down) return { status: null, reason: 'offline' };
			const part = readingPart(a);
			if (stored.has(part.clientKey)) return { status: 200, body: { replayed: true } };
			if (net.locked) return { status: 409, field: 'period', reason: 'kỳ ghi 12/2026 đã khóa sổ' };
			if (a.photo && a.photo.type !== 'image/jpeg')
				return { status: 415, field: 'photo', reason: 'không phải là ảnh' };
			stored.set(part.clientKey, { customerId: part.customerId, photos: a.photo ? 1 : 0 });
			if (net.loseAnswer) return { status: null, reason: 'connection reset' };
			return { status: 201, body: { replayed: false } };
		}
		return { handle, stored, net };
	}

	it('sends the tap key as the clientKey, the index as typed, and no index for a note', () => {
		const a = reading(1);
		expect(readingPart(a)).toMatchObject({ clientKey: a.key, index: '1234,5', periodId: 13 });
		const unread = readingPart(reading(2, { index: undefined, noteCode: 'gate_locked' }));
		expect(unread).not.toHaveProperty('index');
		expect(unread.noteCode).toBe('gate_locked');
	});

	it('resends a reading whose answer was lost with the same key: stored once with one photo', async () => {
		const server = readingServer();
		const queue = memoryQueue([reading(1), reading(2)], server.handle);
		server.net.loseAnswer = true;
		expect(await drainQueue(queue.io)).toMatchObject({ stopped: 'retry', sent: 0 });
		// The photo stays with the reading while it waits.
		expect(queue.items()[0].photo).not.toBeNull();
		server.net.loseAnswer = false;
		expect(await drainQueue(queue.io)).toMatchObject({ stopped: 'empty', sent: 2 });
		expect([...server.stored.values()]).toEqual([
			{ customerId: 1, photos: 1 },
			{ customerId: 2, photos: 1 }
		]);
	});

	it('keeps a refused reading with its reason (locked period, not an image) and sends the rest', async () => {
		const server = readingServer();
		const notImage = reading(3, { photo: new Blob(['%PDF-1.4'], { type: 'application/pdf' }) });
		const fine = reading(4);
		const queue = memoryQueue([notImage, fine], server.handle);
		const result = await drainQueue(queue.io);
		expect(result.refused).toEqual([
			{ action: notImage, field: 'photo', reason: 'không phải là ảnh' }
		]);
		expect(result.sent).toBe(1);
		server.net.locked = true;
		const late = reading(5);
		const locked = await drainQueue(memoryQueue([late], server.handle).io);
		expect(locked.refused[0]).toMatchObject({ action: late, field: 'period' });
		expect(outcomeOf(413)).toBe('refused');
	});

	it('shows the last queued reading of each customer', () => {
		const first = reading(6, { index: '10' });
		const again = reading(6, { index: '11' });
		const other = reading(7);
		const byCustomer = queuedReadings([again, other, first]);
		expect(byCustomer.get(6)?.index).toBe('11');
		expect(byCustomer.get(7)).toBe(other);
		expect(byCustomer.size).toBe(2);
	});

	it('sends a collection with its tap key as the clientKey', () => {
		const a: QueuedCollection = {
			kind: 'collection',
			key: crypto.randomUUID(),
			seq: ++n,
			createdAt: '2026-12-03T02:00:00.000Z',
			attempts: 0,
			customerId: 8,
			customerCode: 'KH8',
			amountVnd: 150_000,
			method: 'cash',
			collectedAt: '2026-12-03T02:00:00.000Z'
		};
		expect(collectionBody(a)).toEqual({
			clientKey: a.key,
			customerId: 8,
			amountVnd: 150_000,
			method: 'cash',
			collectedAt: '2026-12-03T02:00:00.000Z'
		});
	});
});
