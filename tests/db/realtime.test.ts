import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import {
	sessionCookieName,
	sessionIdOf,
	signIn,
	signOut
} from '../../src/lib/server/auth/auth.service.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { bridgeMapChanges } from '../../src/lib/server/realtime/map-bridge.ts';
import { publish } from '../../src/lib/server/realtime/publish.ts';
import { attachRealtime } from '../../src/lib/server/realtime/socket.ts';

function open(
	url: string,
	cookie?: string
): Promise<{ socket: Socket; hello?: unknown; error?: Error }> {
	return new Promise((resolve) => {
		const socket = connect(url, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: cookie ? { cookie } : {}
		});
		socket.on('hello', (hello) => resolve({ socket, hello }));
		socket.on('connect_error', (error) => resolve({ socket, error }));
	});
}

describe('socket.io handshake', () => {
	let scratch: ScratchDb;
	let server: Server;
	let url: string;
	let cookie: string;
	let token: string;
	let staffId: number;

	beforeAll(async () => {
		scratch = await createScratchDb('realtime');
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
		token = session.token;
		cookie = `other=1; ${sessionCookieName}=${session.token}`;
		server = createServer();
		attachRealtime(server, scratch.db);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((r) => server.close(r));
		await scratch.drop();
	});

	it('refuses a connection without a session cookie', async () => {
		const { socket, error } = await open(url);
		expect(error?.message).toBe('unauthorized');
		socket.close();
	});

	it('refuses a forged session token', async () => {
		const { socket, error } = await open(url, `${sessionCookieName}=forged-token`);
		expect(error?.message).toBe('unauthorized');
		socket.close();
	});

	it('accepts a live session and delivers events published to its rooms', async () => {
		const { socket, hello } = await open(url, cookie);
		expect(hello).toEqual({ staffId, role: 'dispatcher' });
		const received = new Promise((r) => socket.on('work_order.created', r));
		publish(['role:dispatcher'], { type: 'work_order.created', ids: { workOrderId: 42 } });
		expect(await received).toEqual({ workOrderId: 42 });
		socket.close();
	});

	it('tells open maps where customers changed, with the extent and no customer data', async () => {
		const feed = await bridgeMapChanges(scratch.sql);
		expect(feed.live).toBe(true);
		const { socket } = await open(url, cookie);
		const received = new Promise<Record<string, unknown>>((r) => socket.on('map:changed', r));
		await scratch.sql`
			with p as (insert into province (code, name) values ('46', 'Huế') returning id),
			w as (insert into ward (province_id, code, name, kind) select id, '19999', 'Phú Xuân', 'phuong'
				from p returning id)
			insert into customer (name, kind, address, ward_id, geom, category)
			select 'Nguyễn Văn An', 'individual', '1 Lê Lợi', id, ST_Point(107.59, 16.46, 4326), 'domestic'
			from w`;
		const change = await received;
		// 107.59 E, 16.46 N in Web Mercator metres.
		expect(change.layer).toBe('customers');
		expect(change.xmin).toBeCloseTo(11976864, 0);
		expect(change.ymin).toBeCloseTo(1858055, 0);
		expect(Object.keys(change).sort()).toEqual(['layer', 'xmax', 'xmin', 'ymax', 'ymin']);
		socket.close();
		await feed.close();
	});

	async function cookieFor(username: string, role: 'field' | 'cashier' | 'dispatcher') {
		const id = await createStaff(scratch.db, null, {
			username,
			fullName: 'Nhân Viên',
			role,
			password: 'long enough pw'
		});
		const session = await signIn(
			scratch.db,
			{ username, password: 'long enough pw', ip: '127.0.0.1', userAgent: null },
			1
		);
		if (!session.ok) throw new Error('sign-in failed');
		return { id, token: session.token, cookie: `${sessionCookieName}=${session.token}` };
	}

	it('refuses a session that has expired', async () => {
		const user = await cookieFor('expired', 'dispatcher');
		await scratch.db
			.updateTable('session')
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where('id', '=', sessionIdOf(user.token))
			.execute();
		const { socket, error } = await open(url, user.cookie);
		expect(error?.message).toBe('unauthorized');
		socket.close();
	});

	it('puts users who see every order in watch:work_orders, and route-scoped staff not', async () => {
		const field = await cookieFor('tech', 'field');
		const cashier = await cookieFor('cash', 'cashier');
		const dispatcher = await open(url, cookie);
		const technician = await open(url, field.cookie);
		const till = await open(url, cashier.cookie);
		const heard: Record<string, string[]> = { dispatcher: [], technician: [], till: [] };
		for (const [name, { socket }] of Object.entries({ dispatcher, technician, till }))
			socket.onAny((event: string) => heard[name].push(event));
		const marked = [dispatcher, technician, till].map(
			({ socket }) => new Promise((r) => socket.on('test:marker', r))
		);
		publish(['watch:work_orders'], { type: 'work-order:changed', ids: { id: 1 } });
		// Events to one socket arrive in order: after the marker, nothing more of the first comes.
		publish(['role:dispatcher', `staff:${field.id}`, `staff:${cashier.id}`], {
			type: 'test:marker',
			ids: {}
		});
		await Promise.all(marked);
		expect(heard.dispatcher).toEqual(['work-order:changed', 'test:marker']);
		expect(heard.technician).toEqual(['test:marker']);
		expect(heard.till).toEqual(['test:marker']);
		for (const { socket } of [dispatcher, technician, till]) socket.close();
	});

	it('closes the socket when its session signs out', async () => {
		const { socket, hello } = await open(url, cookie);
		expect(hello).toMatchObject({ role: 'dispatcher' });
		const closed = new Promise((r) => socket.on('disconnect', r));
		await signOut(scratch.db, token);
		expect(await closed).toBe('io server disconnect');
		const again = await open(url, cookie);
		expect(again.error?.message).toBe('unauthorized');
		again.socket.close();
	});
});
