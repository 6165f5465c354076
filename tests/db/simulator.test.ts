// The field simulator (scripts/sim) against a server attached in-process: socket.io with the
// real handshake and tracking handlers, and the work-orders JSON endpoints behind a minimal
// router. Two virtual staff go on duty and report positions; one carries an assigned order
// through accepted, en route, in progress and done with a valid result; stopping puts them
// off duty and deletes their sessions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { checkResult } from '../../src/lib/domain/work-orders/results.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { sessionCookieName, userForToken } from '../../src/lib/server/auth/auth.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { routeCustomers } from '../../src/lib/server/routes/routes.repository.ts';
import {
	attachRealtime,
	closeRealtime,
	cookieValue
} from '../../src/lib/server/realtime/socket.ts';
import { flushAllPositions } from '../../src/lib/server/tracking/tracking.ingest.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { assignOrders, createOrder } from '../../src/lib/server/work-orders/work-orders.service.ts';
import { GET as listEndpoint } from '../../src/routes/api/work-orders/+server.ts';
import { POST as transitionEndpoint } from '../../src/routes/api/work-orders/[id]/transition/+server.ts';
import { ensureSimAccounts } from '../../scripts/sim/accounts.ts';
import { startCrew, type Crew } from '../../scripts/sim/crew.ts';

type Endpoint = (event: never) => Promise<Response> | Response;

/** The two endpoints the simulator calls, as SvelteKit would route them (session from cookie). */
async function route(req: IncomingMessage, res: ServerResponse, db: ScratchDb['db']) {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const user = await userForToken(db, cookieValue(req.headers.cookie, sessionCookieName));
	const transition = /^\/api\/work-orders\/(\d+)\/transition$/.exec(url.pathname);
	let endpoint: Endpoint | null = null;
	let params: Record<string, string> = {};
	if (req.method === 'GET' && url.pathname === '/api/work-orders') endpoint = listEndpoint;
	if (req.method === 'POST' && transition) {
		endpoint = transitionEndpoint;
		params = { id: transition[1] };
	}
	if (!user || !endpoint) {
		res.writeHead(user ? 404 : 401).end();
		return;
	}
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const request = new Request(url, {
		method: req.method,
		headers: { 'content-type': 'application/json' },
		body: req.method === 'POST' ? Buffer.concat(chunks) : undefined
	});
	const response = await endpoint({ url, params, request, locals: { user } } as never);
	res.writeHead(response.status, { 'content-type': 'application/json' });
	res.end(Buffer.from(await response.arrayBuffer()));
}

async function until<T>(what: string, probe: () => Promise<T | null | false>): Promise<T> {
	for (let i = 0; i < 600; i++) {
		const value = await probe();
		if (value) return value;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}`);
}

describe('field simulator', () => {
	let scratch: ScratchDb;
	let server: Server;
	let io: ReturnType<typeof attachRealtime>;
	let origin: string;
	let crew: Crew | null = null;
	let dispatcher: SessionUser;

	beforeAll(async () => {
		scratch = await createScratchDb('simulator');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 7, bulk: 'copy' });
		await ensureRoles(scratch.db);
		process.env.DATABASE_URL = scratch.url;
		const id = await createStaff(scratch.db, null, {
			username: 'dispatch',
			fullName: 'Điều Phối',
			role: 'dispatcher',
			password: 'long enough pw'
		});
		dispatcher = {
			id,
			username: 'dispatch',
			fullName: 'Điều Phối',
			role: 'dispatcher',
			permissions: defaultPermissions('dispatcher'),
			routeIds: null
		};
		server = createServer((req, res) => {
			route(req, res, scratch.db).catch((error: Error) => res.writeHead(500).end(error.message));
		});
		io = attachRealtime(server, scratch.db);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}, 300_000);

	afterAll(async () => {
		await crew?.stop();
		if (io) await closeRealtime(io);
		await flushAllPositions();
		// fetch keeps connections alive; they would hold the test process open.
		server?.closeAllConnections();
		await new Promise((resolve) => server?.close(resolve));
		await closeDb();
		await scratch?.drop();
	});

	it('walks two staff on duty, carries an order to done, and cleans up on stop', async () => {
		// The accounts the crew will use, so an order can be assigned to the first before it starts.
		const [first, second] = await ensureSimAccounts(scratch.db, 2, {
			prefix: 'sim',
			role: 'field',
			fullName: 'Nhân viên mô phỏng'
		});
		expect(first.routeId).not.toBeNull();
		expect(second.routeId).not.toBe(first.routeId);
		// At the first customer of the worker's route: where the walk starts.
		const [start] = await routeCustomers(scratch.db, first.routeId!);
		const order = await createOrder(scratch.db, dispatcher, {
			type: 'leak_repair',
			priority: 'high',
			customerId: start.id,
			description: 'Rò rỉ sau đồng hồ'
		});
		await assignOrders(scratch.db, dispatcher, [order.id], first.id);

		crew = await startCrew(scratch.db, {
			origin,
			staff: 2,
			intervalS: 1,
			speedKmh: 30,
			workScale: 0.001,
			readS: 0,
			log: () => {}
		});

		const counts = await until('positions from both staff', async () => {
			const rows = await scratch.sql<{ staff_id: number; n: number }[]>`
				select staff_id, count(*)::int as n from staff_position
				where staff_id in ${scratch.sql([first.id, second.id])} group by staff_id`;
			return rows.length === 2 && rows.every((r) => r.n >= 3) ? rows : null;
		});
		expect(counts).toHaveLength(2);
		const live = await scratch.sql<{ on_duty: boolean }[]>`
			select on_duty from staff_live where staff_id in ${scratch.sql([first.id, second.id])}`;
		expect(live.map((r) => r.on_duty)).toEqual([true, true]);

		const done = await until('the order done', async () => {
			const [row] = await scratch.sql<{ status: string; result: unknown }[]>`
				select status, result from work_order where id = ${order.id}`;
			return row.status === 'done' ? row : null;
		});
		expect(checkResult('leak_repair', done.result)).toMatchObject({ ok: true });
		const events = await scratch.sql<{ to_status: string; staff_id: number }[]>`
			select to_status, staff_id from work_order_event
			where work_order_id = ${order.id} and staff_id = ${first.id} order by id`;
		expect(events.map((e) => e.to_status)).toEqual(['accepted', 'en_route', 'in_progress', 'done']);

		await crew.stop();
		crew = null;
		const after = await scratch.sql<{ on_duty: boolean; sessions: number }[]>`
			select l.on_duty, (select count(*)::int from session s where s.staff_id = l.staff_id) as sessions
			from staff_live l where l.staff_id in ${scratch.sql([first.id, second.id])}`;
		expect(after).toEqual([
			{ on_duty: false, sessions: 0 },
			{ on_duty: false, sessions: 0 }
		]);
	}, 120_000);
});
