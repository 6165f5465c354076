// Work orders against a seeded PostgreSQL: numbering (also under concurrency), the workflow
// and who may move an order, idempotent replay, stale versions, bulk assignment all or
// nothing, technician isolation, KNN suggestions, photos, the JSON endpoints' refusals, and
// the realtime events a real socket.io client receives.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions, type Role } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import type { AttachmentStorage } from '../../src/lib/server/attachments/attachments.storage.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { sessionCookieName, signIn } from '../../src/lib/server/auth/auth.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { attachRealtime } from '../../src/lib/server/realtime/socket.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { giveDemoSkills } from '../../src/lib/server/work-orders/work-orders.repository.ts';
import {
	assignOrders,
	createOrder,
	getOrder,
	listOrders,
	openOrderFile,
	receiveRequest,
	suggestStaff,
	transitionOrder,
	uploadOrderFile
} from '../../src/lib/server/work-orders/work-orders.service.ts';
import {
	GET as listEndpoint,
	POST as createEndpoint
} from '../../src/routes/api/work-orders/+server.ts';
import { GET as detailEndpoint } from '../../src/routes/api/work-orders/[id]/+server.ts';
import { POST as transitionEndpoint } from '../../src/routes/api/work-orders/[id]/transition/+server.ts';

const png = Buffer.from(
	'89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
		'1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d1e8d60000000049454e44ae426082',
	'hex'
);

/** A request body as the endpoint hands it on: chunks arriving one by one. */
async function* stream(...chunks: Uint8Array[]) {
	for (const chunk of chunks) yield chunk;
}

describe('work orders', () => {
	let scratch: ScratchDb;
	let storage: AttachmentStorage;
	const users: Record<string, SessionUser> = {};
	let customerId: number;
	let year: number;

	async function user(username: string, role: Role): Promise<SessionUser> {
		const id = await createStaff(scratch.db, null, {
			username,
			fullName: `Nhân viên ${username}`,
			role,
			password: 'long enough pw'
		});
		return {
			id,
			username,
			fullName: `Nhân viên ${username}`,
			role,
			permissions: defaultPermissions(role),
			routeIds: role === 'field' ? [] : null
		};
	}
	const newOrder = (type: 'leak_repair' | 're_read' = 're_read', extra = {}) =>
		createOrder(scratch.db, users.dispatcher, {
			type,
			priority: 'normal',
			customerId,
			description: 'Ghi lại chỉ số',
			...extra
		});
	const events = (id: number) =>
		scratch.sql<{ from_status: string | null; to_status: string; staff_id: number }[]>`
			select from_status, to_status, staff_id from work_order_event
			where work_order_id = ${id} order by id`;
	const state = async (id: number) =>
		(
			await scratch.sql<{ status: string; version: number; assigned_to: number | null }[]>`
			select status, version, assigned_to from work_order where id = ${id}`
		)[0];
	const move = (u: SessionUser, id: number, to: string, extra: Record<string, unknown> = {}) =>
		transitionOrder(scratch.db, u, id, {
			to: to as 'accepted',
			idempotencyKey: randomUUID(),
			...extra
		});

	beforeAll(async () => {
		scratch = await createScratchDb('work_orders');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 400, seed: 3, bulk: 'copy' });
		await ensureRoles(scratch.db);
		users.dispatcher = await user('dispatch', 'dispatcher');
		users.supervisor = await user('super', 'supervisor');
		users.tech1 = await user('tech-one', 'field');
		users.tech2 = await user('tech-two', 'field');
		users.tech3 = await user('tech-three', 'field');
		users.cs = await user('cskh', 'customer_service');
		[{ id: customerId }] = await scratch.sql<{ id: number }[]>`
			select id from customer where geom is not null order by id limit 1`;
		year = Number(
			new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format()
		);
		storage = { dir: await mkdtemp(path.join(os.tmpdir(), 'wl-wo-')), maxBytes: 2048 };
		process.env.DATABASE_URL = scratch.url;
	}, 300_000);

	afterAll(async () => {
		await closeDb();
		await rm(storage?.dir ?? '/nonexistent', { recursive: true, force: true });
		await scratch?.drop();
	});

	it('numbers orders after the seeded ones of the year, gap-free under concurrency', async () => {
		const [{ max }] = await scratch.sql<{ max: number | null }[]>`
			select max(split_part(number, '-', 3)::int) as max from work_order
			where number like ${`PCT-${year}-%`}`;
		const first = await newOrder();
		expect(first.number).toBe(`PCT-${year}-${String((max ?? 0) + 1).padStart(6, '0')}`);
		const made = await Promise.all(Array.from({ length: 12 }, () => newOrder()));
		const seqs = made.map((o) => Number(o.number.split('-')[2])).sort((a, b) => a - b);
		expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => (max ?? 0) + 2 + i));
		// SLA: a normal re-read is due 72 h after creation; the creation is on the timeline.
		const hours = (Date.parse(first.dueAt!) - Date.parse(first.createdAt)) / 3_600_000;
		expect(hours).toBeCloseTo(72, 1);
		expect(await events(first.id)).toEqual([
			{ from_status: null, to_status: 'new', staff_id: users.dispatcher.id }
		]);
		const [audit] = await scratch.sql`
			select actor_id, action from audit_log where entity = 'work_order' and entity_id = ${String(first.id)}`;
		expect(audit).toEqual({ actor_id: users.dispatcher.id, action: 'create' });
	});

	it('runs the whole workflow, each step by the one allowed to take it', async () => {
		const o = await newOrder('re_read');
		// The technician cannot take an order nobody gave them.
		await expect(move(users.tech1, o.id, 'accepted')).rejects.toMatchObject({ status: 404 });
		await assignOrders(scratch.db, users.dispatcher, [o.id], users.tech1.id);
		// The dispatcher cannot accept on the technician's behalf.
		await expect(move(users.dispatcher, o.id, 'accepted')).rejects.toMatchObject({
			status: 403,
			field: 'to'
		});
		for (const to of ['accepted', 'en_route', 'in_progress']) await move(users.tech1, o.id, to);
		await expect(move(users.tech1, o.id, 'done', { result: {} })).rejects.toMatchObject({
			status: 400,
			field: 'result.index'
		});
		const done = await move(users.tech1, o.id, 'done', {
			result: { index: '123,5' },
			lon: 107.6,
			lat: 16.46
		});
		expect(done.order.status).toBe('done');
		await expect(move(users.tech1, o.id, 'verified')).rejects.toMatchObject({ status: 403 });
		await move(users.supervisor, o.id, 'verified');
		const detail = await getOrder(scratch.db, users.dispatcher, o.id);
		expect(detail.order.result).toEqual({ index: 123.5 });
		expect(detail.events.map((e) => [e.from, e.to, e.staffName])).toEqual([
			[null, 'new', 'Nhân viên dispatch'],
			['new', 'assigned', 'Nhân viên dispatch'],
			['assigned', 'accepted', 'Nhân viên tech-one'],
			['accepted', 'en_route', 'Nhân viên tech-one'],
			['en_route', 'in_progress', 'Nhân viên tech-one'],
			['in_progress', 'done', 'Nhân viên tech-one'],
			['done', 'verified', 'Nhân viên super']
		]);
		expect(detail.events[5]).toMatchObject({ lon: 107.6, lat: 16.46 });
		// Final: not even a dispatcher can cancel it now.
		await expect(move(users.dispatcher, o.id, 'cancelled')).rejects.toMatchObject({ status: 409 });
	});

	it('refuses an invalid transition with 409 and writes nothing', async () => {
		const o = await newOrder();
		await assignOrders(scratch.db, users.dispatcher, [o.id], users.tech1.id);
		const before = [await state(o.id), await events(o.id)];
		const audits = await scratch.sql`select count(*)::int as n from audit_log`;
		await expect(move(users.tech1, o.id, 'done', { result: { index: 1 } })).rejects.toMatchObject({
			status: 409,
			field: 'to'
		});
		await expect(move(users.tech1, o.id, 'failed')).rejects.toMatchObject({ status: 409 });
		expect([await state(o.id), await events(o.id)]).toEqual(before);
		expect(await scratch.sql`select count(*)::int as n from audit_log`).toEqual(audits);
	});

	it('replays an idempotency key without a second event, and refuses a stale version', async () => {
		const o = await newOrder();
		await assignOrders(scratch.db, users.dispatcher, [o.id], users.tech1.id);
		const key = randomUUID();
		const { version } = await state(o.id);
		const first = await transitionOrder(scratch.db, users.tech1, o.id, {
			to: 'accepted',
			idempotencyKey: key,
			version
		});
		const again = await transitionOrder(scratch.db, users.tech1, o.id, {
			to: 'accepted',
			idempotencyKey: key,
			version
		});
		expect(first.replayed).toBe(false);
		expect(again).toEqual({ order: first.order, replayed: true });
		expect((await events(o.id)).filter((e) => e.to_status === 'accepted')).toHaveLength(1);
		// Two replays at once still make one event.
		const key2 = randomUUID();
		const both = await Promise.all(
			[1, 2].map(() =>
				transitionOrder(scratch.db, users.tech1, o.id, { to: 'en_route', idempotencyKey: key2 })
			)
		);
		expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
		expect((await events(o.id)).filter((e) => e.to_status === 'en_route')).toHaveLength(1);
		// The key cannot be reused for another move; an old version is stale.
		await expect(
			transitionOrder(scratch.db, users.tech1, o.id, { to: 'in_progress', idempotencyKey: key })
		).rejects.toMatchObject({ status: 409, field: 'idempotencyKey' });
		await expect(move(users.tech1, o.id, 'in_progress', { version })).rejects.toMatchObject({
			status: 409,
			field: 'version'
		});
		expect((await state(o.id)).status).toBe('en_route');
	});

	it('assigns in bulk all or nothing, naming the order that cannot move', async () => {
		const [a, b] = [await newOrder(), await newOrder()];
		await assignOrders(scratch.db, users.dispatcher, [b.id], users.tech2.id);
		for (const to of ['accepted', 'en_route', 'in_progress']) await move(users.tech2, b.id, to);
		await expect(
			assignOrders(scratch.db, users.dispatcher, [a.id, b.id], users.tech1.id)
		).rejects.toMatchObject({
			status: 409,
			field: 'ids',
			reason: expect.stringContaining(b.number)
		});
		expect(await state(a.id)).toMatchObject({ status: 'new', assigned_to: null });
		await expect(
			assignOrders(scratch.db, users.dispatcher, [a.id, 999_999_999], users.tech1.id)
		).rejects.toMatchObject({ status: 404, reason: expect.stringContaining('999999999') });
		await expect(
			assignOrders(scratch.db, users.dispatcher, [a.id], users.cs.id)
		).rejects.toMatchObject({ status: 404, field: 'staffId' });
		await expect(
			assignOrders(scratch.db, users.tech1, [a.id], users.tech1.id)
		).rejects.toMatchObject({ status: 403 });
		expect(await state(a.id)).toMatchObject({ status: 'new', assigned_to: null });
		// Reassign, then unassign: back to new with nobody.
		await assignOrders(scratch.db, users.dispatcher, [a.id], users.tech1.id);
		await assignOrders(scratch.db, users.dispatcher, [a.id], users.tech2.id);
		expect(await state(a.id)).toMatchObject({ status: 'assigned', assigned_to: users.tech2.id });
		await assignOrders(scratch.db, users.dispatcher, [a.id], null);
		expect(await state(a.id)).toMatchObject({ status: 'new', assigned_to: null });
	});

	it('keeps technicians to their own orders', async () => {
		const o = await newOrder();
		await assignOrders(scratch.db, users.dispatcher, [o.id], users.tech1.id);
		const list = { limit: 2000, page: 1 } as const;
		const mine = await listOrders(scratch.db, users.tech1, list);
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.every((r) => r.assignedTo === users.tech1.id)).toBe(true);
		// Asking for someone else's or for the unassigned queue still gives only their own.
		const other = await listOrders(scratch.db, users.tech2, {
			...list,
			assignedTo: users.tech1.id,
			unassigned: '1'
		});
		expect(other.every((r) => r.assignedTo === users.tech2.id)).toBe(true);
		await expect(getOrder(scratch.db, users.tech2, o.id)).rejects.toMatchObject({ status: 404 });
		await expect(move(users.tech2, o.id, 'accepted')).rejects.toMatchObject({ status: 404 });
		await expect(
			uploadOrderFile(
				scratch.db,
				users.tech2,
				o.id,
				{
					fileName: 'x.png',
					body: stream(png),
					declaredBytes: null
				},
				storage
			)
		).rejects.toMatchObject({ status: 404 });
		expect((await state(o.id)).status).toBe('assigned');
	});

	it('suggests the nearest skilled staff on duty, weighing their open orders', async () => {
		const o = await newOrder('leak_repair');
		const [{ lon, lat }] = await scratch.sql<{ lon: number; lat: number }[]>`
			select ST_X(geom) as lon, ST_Y(geom) as lat from work_order where id = ${o.id}`;
		// About 111 m per 0.001° of latitude.
		await scratch.sql`insert into staff_skill (staff_id, skill) values
			(${users.tech1.id}, 'pipe'), (${users.tech2.id}, 'pipe'), (${users.tech3.id}, 'reading')`;
		await scratch.sql`insert into staff_live (staff_id, on_duty, geom) values
			(${users.tech1.id}, true, ST_Point(${lon}, ${lat + 0.02}, 4326)),
			(${users.tech2.id}, true, ST_Point(${lon}, ${lat + 0.005}, 4326)),
			(${users.tech3.id}, true, ST_Point(${lon}, ${lat + 0.001}, 4326))`;
		const ranked = await suggestStaff(scratch.db, users.dispatcher, o.id);
		expect(ranked.map((s) => s.staffId)).toEqual([users.tech2.id, users.tech1.id, users.tech3.id]);
		expect(ranked[0].distanceM).toBeGreaterThan(500);
		expect(ranked[0].distanceM).toBeLessThan(600);
		expect(ranked[0].skills).toEqual(['pipe']);
		// Off duty: gone from the list.
		await scratch.sql`update staff_live set on_duty = false where staff_id = ${users.tech2.id}`;
		const after = await suggestStaff(scratch.db, users.dispatcher, o.id);
		expect(after.map((s) => s.staffId)).not.toContain(users.tech2.id);
		expect(after[0].openOrders).toBe(
			(
				await scratch.sql<{ n: number }[]>`select count(*)::int as n from work_order
				where assigned_to = ${users.tech1.id} and status in ('assigned','accepted','en_route','in_progress')`
			)[0].n
		);
		await expect(suggestStaff(scratch.db, users.tech1, o.id)).rejects.toMatchObject({
			status: 403
		});
	});

	it('gives demo field staff skills, leaving anyone with recorded skills alone', async () => {
		const before = await scratch.sql`select staff_id, skill from staff_skill order by 1, 2`;
		const extra = await user('tech-four', 'field');
		await giveDemoSkills(scratch.db);
		const after = await scratch.sql<{ staff_id: number; skill: string }[]>`
			select staff_id, skill from staff_skill order by 1, 2`;
		const added = after.filter((r) => r.staff_id === extra.id).map((r) => r.skill);
		expect(added).toContain('reading');
		expect(added.length).toBeGreaterThanOrEqual(2);
		// Only the newcomer (and field staff without skills) changed; the dispatcher got none.
		expect(
			after.filter((r) => r.staff_id !== extra.id && before.some((b) => b.staff_id === r.staff_id))
		).toEqual([...before]);
		expect(after.some((r) => r.staff_id === users.dispatcher.id)).toBe(false);
	});

	it('keeps photos on the order for its assignee and dispatchers', async () => {
		const o = await newOrder();
		await assignOrders(scratch.db, users.dispatcher, [o.id], users.tech1.id);
		const row = await uploadOrderFile(
			scratch.db,
			users.tech1,
			o.id,
			{ fileName: 'ảnh đồng hồ.png', body: stream(png), declaredBytes: png.length },
			storage
		);
		const detail = await getOrder(scratch.db, users.dispatcher, o.id);
		expect(detail.attachments).toMatchObject([
			{ id: row.id, contentType: 'image/png', uploadedBy: 'Nhân viên tech-one' }
		]);
		const opened = await openOrderFile(scratch.db, users.dispatcher, o.id, row.id, storage);
		expect(opened.size).toBe(png.length);
		await expect(
			uploadOrderFile(
				scratch.db,
				users.tech1,
				o.id,
				{ fileName: 'big.png', body: stream(png, Buffer.alloc(4096)), declaredBytes: null },
				storage
			)
		).rejects.toMatchObject({ status: 413, field: 'file' });
		expect((await getOrder(scratch.db, users.dispatcher, o.id)).attachments).toHaveLength(1);
	});

	it('turns a counter request into an order linked to it', async () => {
		const { request, order } = await receiveRequest(scratch.db, users.cs, {
			kind: 'complaint',
			channel: 'counter',
			customerId,
			description: 'Nước yếu từ sáng',
			order: { type: 'complaint_investigation', priority: 'high' }
		});
		expect(request.number).toMatch(new RegExp(`^YC-${year}-\\d{6}$`));
		expect(order).toMatchObject({ customerId, type: 'complaint_investigation', status: 'new' });
		const detail = await getOrder(scratch.db, users.dispatcher, order.id);
		expect(detail.order.request).toMatchObject({ id: request.id, number: request.number });
		await expect(
			receiveRequest(scratch.db, users.cs, {
				kind: 'request',
				channel: 'phone',
				description: 'x',
				order: { type: 're_read', priority: 'normal' }
			})
		).rejects.toMatchObject({ status: 400, field: 'callerName' });
	});

	describe('JSON endpoints', () => {
		const call = async (
			handler: (e: never) => Response | Promise<Response>,
			opts: { user: SessionUser; params?: Record<string, string>; url?: string; body?: string }
		) => {
			const url = new URL(opts.url ?? 'http://x/api/work-orders');
			const request = new Request(url, {
				method: opts.body === undefined ? 'GET' : 'POST',
				body: opts.body,
				headers: { 'content-type': 'application/json' }
			});
			const res = await handler({
				request,
				url,
				params: opts.params ?? {},
				locals: { user: opts.user }
			} as never);
			return { status: res.status, body: (await res.json()) as Record<string, unknown> };
		};

		it('names the field of a bad body, and 404s an unknown order', async () => {
			const d = users.dispatcher;
			expect(await call(createEndpoint, { user: d, body: '{"type": ' })).toEqual({
				status: 400,
				body: { error: { field: 'body', reason: 'not valid JSON' } }
			});
			const far = await call(createEndpoint, {
				user: d,
				body: JSON.stringify({ type: 'leak_repair', lon: 200, lat: 16, description: 'x' })
			});
			expect(far.status).toBe(400);
			expect(far.body.error).toMatchObject({ field: 'lon' });
			const noType = await call(createEndpoint, {
				user: d,
				body: JSON.stringify({ customerId, description: 'x' })
			});
			expect(noType).toMatchObject({ status: 400, body: { error: { field: 'type' } } });
			const bbox = await call(listEndpoint, {
				user: d,
				url: 'http://x/api/work-orders?bbox=100,10,200,20'
			});
			expect(bbox).toMatchObject({ status: 400, body: { error: { field: 'bbox' } } });
			const missing = await call(detailEndpoint, { user: d, params: { id: '999999999' } });
			expect(missing.status).toBe(404);
			const bad = await call(transitionEndpoint, {
				user: d,
				params: { id: '1' },
				body: JSON.stringify({ to: 'done', idempotencyKey: 'nope' })
			});
			expect(bad).toMatchObject({ status: 400, body: { error: { field: 'idempotencyKey' } } });
		});

		it('creates and lists by box with the contract fields', async () => {
			const made = await call(createEndpoint, {
				user: users.dispatcher,
				body: JSON.stringify({
					type: 'leak_repair',
					priority: 'urgent',
					lon: 107.61,
					lat: 16.47,
					address: '12 Lê Lợi',
					description: 'Bể ống'
				})
			});
			expect(made.status).toBe(201);
			const id = (made.body.order as { id: number }).id;
			const listed = await call(listEndpoint, {
				user: users.dispatcher,
				url: 'http://x/api/work-orders?bbox=107.609,16.469,107.611,16.471&status=new'
			});
			const orders = listed.body.orders as Record<string, unknown>[];
			expect(orders.map((o) => o.id)).toContain(id);
			expect(Object.keys(orders[0]).sort()).toEqual(
				[
					'id',
					'number',
					'type',
					'status',
					'priority',
					'lon',
					'lat',
					'address',
					'customerId',
					'customerCode',
					'customerName',
					'assignedTo',
					'assigneeName',
					'dueAt',
					'createdAt',
					'version'
				].sort()
			);
		});
	});

	describe('realtime', () => {
		let server: Server;
		let url: string;

		beforeAll(async () => {
			server = createServer();
			attachRealtime(server, scratch.db);
			await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
			url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		});
		afterAll(async () => {
			await new Promise((r) => server.close(r));
		});

		async function socketOf(username: string): Promise<Socket> {
			const session = await signIn(
				scratch.db,
				{ username, password: 'long enough pw', ip: '127.0.0.1', userAgent: null },
				1
			);
			if (!session.ok) throw new Error('sign-in failed');
			return new Promise((resolve, reject) => {
				const socket = connect(url, {
					transports: ['websocket'],
					reconnection: false,
					extraHeaders: { cookie: `${sessionCookieName}=${session.token}` }
				});
				socket.on('hello', () => resolve(socket));
				socket.on('connect_error', reject);
			});
		}

		it('tells the new assignee, and only them, that they have an order', async () => {
			const [tech1, tech2] = [await socketOf('tech-one'), await socketOf('tech-two')];
			const heard: string[] = [];
			tech2.on('work-order:assigned', () => heard.push('tech2'));
			const o = await newOrder();
			const assigned = new Promise((r) => tech1.on('work-order:assigned', r));
			const changed = new Promise((r) => tech1.on('work-order:changed', r));
			await assignOrders(scratch.db, users.dispatcher, [o.id], users.tech1.id);
			expect(await assigned).toEqual({ id: o.id, number: o.number });
			expect(await changed).toEqual({ id: o.id, status: 'assigned', assignedTo: users.tech1.id });
			// Reassigned: the previous assignee hears it left them.
			const left = new Promise((r) => tech1.on('work-order:changed', r));
			const got = new Promise((r) => tech2.on('work-order:assigned', r));
			await assignOrders(scratch.db, users.dispatcher, [o.id], users.tech2.id);
			expect(await left).toEqual({
				id: o.id,
				status: 'assigned',
				assignedTo: users.tech2.id,
				previousAssignee: users.tech1.id
			});
			await got;
			expect(heard).toEqual(['tech2']);
			// Dispatchers watching work orders hear the technician's moves.
			const dispatcher = await socketOf('dispatch');
			const moved = new Promise((r) => dispatcher.on('work-order:changed', r));
			await move(users.tech2, o.id, 'accepted');
			expect(await moved).toEqual({
				id: o.id,
				status: 'accepted',
				assignedTo: users.tech2.id
			});
			dispatcher.close();
			tech1.close();
			tech2.close();
		});
	});
});
