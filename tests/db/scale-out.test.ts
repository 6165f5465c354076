import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchConnection } from '../../src/lib/realtime/socket-client.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import { sessionCookieName, signIn } from '../../src/lib/server/auth/auth.service.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import type { RealtimeEvent } from '../../src/lib/server/realtime/publish.ts';

// Generous: the machine is shared with other suites; nothing here is a timing assertion.
const patienceMs = 20_000;

function within<T>(what: string, promise: Promise<T>): Promise<T> {
	return Promise.race([
		promise,
		new Promise<T>((_, reject) =>
			setTimeout(() => reject(new Error(`gave up waiting for ${what}`)), patienceMs).unref()
		)
	]);
}

function next<T = unknown>(socket: Socket, event: string): Promise<T> {
	return within(event, new Promise<T>((resolve) => socket.once(event, resolve)));
}

/** An app process (tests/db/support/realtime-process.ts) driven over IPC. */
class AppProcess {
	port = 0;
	private requests = 0;
	private waiting = new Map<number, (reply: { serverCount?: number }) => void>();
	constructor(private child: ChildProcess) {
		child.on('message', (message: { reply?: number; serverCount?: number }) => {
			if (message.reply !== undefined) this.waiting.get(message.reply)?.(message);
		});
	}
	static async start(databaseUrl: string, mode = 'app'): Promise<AppProcess> {
		const child = fork(path.resolve(import.meta.dirname, 'support/realtime-process.ts'), [], {
			execArgv: ['--import', 'tsx'],
			env: { ...process.env, DATABASE_URL: databaseUrl, REALTIME_MODE: mode },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		const app = new AppProcess(child);
		app.port = await within(
			'an app process to start',
			new Promise<number>((resolve, reject) => {
				child.on('message', (m: { ready?: number }) => m.ready && resolve(m.ready));
				child.once('exit', (code) => reject(new Error(`app process exited with ${code}`)));
			})
		);
		return app;
	}
	private ask(request: object): Promise<{ serverCount?: number }> {
		const id = ++this.requests;
		const reply = new Promise<{ serverCount?: number }>((r) => this.waiting.set(id, r));
		this.child.send({ ...request, id });
		return within('an app process to answer', reply);
	}
	publish(rooms: string[], event: RealtimeEvent) {
		return this.ask({ publish: { rooms, event } });
	}
	async serverCount(): Promise<number> {
		return (await this.ask({ serverCount: true })).serverCount ?? 0;
	}
	/** A crash, not a shutdown: no clean-up code of the process runs. */
	async kill(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise((r) => this.child.once('exit', r));
		this.child.kill('SIGKILL');
		await exited;
	}
}

/**
 * A TCP load balancer in front of the app processes: each connection goes to the first
 * backend that accepts it. `hold()` parks new connections until `release()`, and `cut()`
 * drops the open ones (a network blip), so a test decides when clients get back.
 */
function loadBalancer(backends: () => number[]) {
	let parked: (() => void)[] | null = null;
	const open = new Set<net.Socket>();
	const server = net.createServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		client.on('error', () => {});
		const go = () => forward(client, backends());
		if (parked) parked.push(go);
		else go();
	});
	function forward(client: net.Socket, ports: number[]) {
		const [port, ...rest] = ports;
		if (port === undefined) return void client.destroy();
		const upstream = net.connect(port, '127.0.0.1');
		upstream.once('error', () => forward(client, rest));
		upstream.once('connect', () => {
			open.add(upstream);
			upstream.removeAllListeners('error');
			upstream.on('error', () => client.destroy());
			upstream.on('close', () => {
				open.delete(upstream);
				client.destroy();
			});
			client.on('close', () => upstream.destroy());
			client.pipe(upstream).pipe(client);
		});
	}
	return {
		server,
		hold: () => void (parked ??= []),
		release() {
			const waiting = parked ?? [];
			parked = null;
			waiting.forEach((go) => go());
		},
		cut: () => open.forEach((socket) => socket.destroy())
	};
}

describe('two app processes sharing one database', () => {
	let scratch: ScratchDb;
	let a: AppProcess;
	let b: AppProcess;
	let cookie: string;
	let staffId: number;
	const sockets: Socket[] = [];

	function client(url: string, reconnect = false): Socket {
		const socket = connect(url, {
			transports: ['websocket'],
			extraHeaders: { cookie },
			reconnection: reconnect,
			reconnectionDelay: 50,
			reconnectionDelayMax: 200
		});
		sockets.push(socket);
		return socket;
	}
	const urlOf = (app: AppProcess) => `http://127.0.0.1:${app.port}`;

	beforeAll(async () => {
		scratch = await createScratchDb('scale_out');
		await migrateToLatest(scratch.db);
		await ensureRoles(scratch.db);
		staffId = await createStaff(scratch.db, null, {
			username: 'dispatch',
			fullName: 'Điều Phối',
			role: 'dispatcher',
			password: 'long enough pw'
		});
		const session = await signIn(
			scratch.db,
			{ username: 'dispatch', password: 'long enough pw', ip: '127.0.0.1', userAgent: null },
			1
		);
		if (!session.ok) throw new Error('sign-in failed');
		cookie = `${sessionCookieName}=${session.token}`;
		[a, b] = await Promise.all([AppProcess.start(scratch.url), AppProcess.start(scratch.url)]);
		// Each adapter announces itself on start; wait until both have heard the other.
		for (const app of [a, b])
			await within(
				'the processes to find each other',
				(async () => {
					while ((await app.serverCount()) < 2) await new Promise((r) => setTimeout(r, 100));
				})()
			);
	}, 60_000);

	afterAll(async () => {
		sockets.forEach((socket) => socket.close());
		await Promise.all([a?.kill(), b?.kill()]);
		await scratch?.drop();
	});

	it('delivers an event published in process B to a screen connected to process A', async () => {
		const x = client(urlOf(a));
		await next(x, 'hello');
		const changed = next(x, 'work-order:changed');
		// The dispatcher is in watch:work_orders (may open work orders, not route-scoped).
		await b.publish(['watch:work_orders'], {
			type: 'work-order:changed',
			ids: { id: 7, status: 'assigned' }
		});
		expect(await changed).toEqual({ id: 7, status: 'assigned' });
		x.close();
	});

	it('relays what a separate worker process publishes (billing progress) to the screens', async () => {
		const worker = await AppProcess.start(scratch.url, 'publish-only');
		try {
			await within(
				'the worker to join the cluster',
				(async () => {
					while ((await a.serverCount()) < 3) await new Promise((r) => setTimeout(r, 100));
				})()
			);
			const x = client(urlOf(a));
			await next(x, 'hello');
			const progress = next(x, 'billing-run:changed');
			await worker.publish(['watch:work_orders'], {
				type: 'billing-run:changed',
				ids: { runId: 3, routeId: 9 }
			});
			expect(await progress).toEqual({ runId: 3, routeId: 9 });
			x.close();
		} finally {
			await worker.kill();
		}
	});

	it('tells each screen about a map change once, though both processes hear the NOTIFY', async () => {
		const x = client(urlOf(a));
		const y = client(urlOf(b));
		await Promise.all([next(x, 'hello'), next(y, 'hello')]);
		const seenByX: unknown[] = [];
		x.on('map:changed', (change) => seenByX.push(change));
		const onX = next(x, 'map:changed');
		const onY = next(y, 'map:changed');
		await scratch.sql`
			with p as (insert into province (code, name) values ('46', 'Huế') returning id),
			w as (insert into ward (province_id, code, name, kind) select id, '19999', 'Phú Xuân', 'phuong'
				from p returning id)
			insert into customer (name, kind, address, ward_id, geom, category)
			select 'Nguyễn Văn An', 'individual', '1 Lê Lợi', id, ST_Point(107.59, 16.46, 4326), 'domestic'
			from w`;
		await Promise.all([onX, onY]);
		// B has sent y its copy, so a copy relayed from B to A would already be in the database's
		// notification queue. A marker that B publishes now arrives after it, in commit order.
		const marker = next(x, 'test:marker');
		await b.publish(['role:dispatcher'], { type: 'test:marker', ids: { n: 1 } });
		await marker;
		expect(seenByX).toHaveLength(1);
		x.close();
		y.close();
	});

	it('moves a screen to process B when A dies; it reloads and sees what was committed meanwhile', async () => {
		const lb = loadBalancer(() => [a.port, b.port]);
		await new Promise<void>((r) => lb.server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(lb.server.address() as net.AddressInfo).port}`;
		const z = client(url, true);
		const reloads: number[] = [];
		let reloaded: () => void = () => {};
		watchConnection(z, {
			state: () => {},
			// What a screen does on resync: load its list again.
			resync: () => {
				void scratch.sql<{ count: number }[]>`
					select count(*)::int as count from work_order where number = 'PCT-2026-000001'`.then(([row]) => {
					reloads.push(row.count);
					reloaded();
				});
			}
		});
		await next(z, 'hello');

		lb.hold();
		const gone = next(z, 'disconnect');
		await a.kill();
		await gone;
		// Committed while the screen is away; the event about it reaches nobody.
		await scratch.sql`
			insert into work_order (number, type, geom, description)
			values ('PCT-2026-000001', 'leak_repair', ST_Point(107.59, 16.46, 4326), 'Rò rỉ')`;
		await b.publish(['watch:work_orders'], {
			type: 'work-order:changed',
			ids: { id: 1, status: 'new' }
		});
		const reload = within('the reload', new Promise<void>((r) => (reloaded = r)));
		lb.release();
		await next(z, 'connect');
		expect(z.recovered).toBe(false);
		await reload;
		expect(reloads).toEqual([1]);

		// A short blip back to the same process (B) is recovered: the missed event is replayed
		// and the screen does not need to reload. Recovery resumes from the offset of the last
		// event the client got, so it first hears one from B (whether B's own map:changed
		// reached it before it reconnected depends on timing).
		const heard = next(z, 'test:marker');
		await b.publish([`staff:${staffId}`], { type: 'test:marker', ids: { n: 2 } });
		await heard;
		lb.hold();
		const blip = next(z, 'disconnect');
		lb.cut();
		await blip;
		await b.publish([`staff:${staffId}`], { type: 'work-order:assigned', ids: { id: 1 } });
		const replayed = next<{ id: number }>(z, 'work-order:assigned');
		const back = next(z, 'connect');
		lb.release();
		await back;
		expect(z.recovered).toBe(true);
		expect(await replayed).toEqual({ id: 1 });
		expect(reloads).toEqual([1]);
		z.close();
		await new Promise((r) => lb.server.close(r));
	});
});
