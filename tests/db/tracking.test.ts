// Live tracking against a real PostgreSQL and real socket.io clients: position batches stored
// in one write and fanned out to watchers, refusals that store nothing, going on duty, the
// day partitions (creation moving rows out of the default partition, retention dropping old
// days) and a day's trail with its stops.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { sessionCookieName, signIn, userForToken } from '../../src/lib/server/auth/auth.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { attachRealtime, closeRealtime } from '../../src/lib/server/realtime/socket.ts';
import { insertPositions } from '../../src/lib/server/tracking/tracking.repository.ts';
import {
	liveStaff,
	maintainPartitions,
	trailFor
} from '../../src/lib/server/tracking/tracking.service.ts';
import { GET as liveEndpoint } from '../../src/routes/api/tracking/live/+server.ts';
import { GET as trailEndpoint } from '../../src/routes/api/tracking/[staffId]/trail/+server.ts';

type Reply = { ok: boolean; accepted?: number; onDuty?: boolean; error?: { field: string } };

function open(url: string, cookie?: string): Promise<{ socket: Socket; error?: Error }> {
	return new Promise((resolve) => {
		const socket = connect(url, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: cookie ? { cookie } : {}
		});
		socket.on('hello', () => resolve({ socket }));
		socket.on('connect_error', (error) => resolve({ socket, error }));
	});
}

const send = (socket: Socket, event: string, payload: unknown) =>
	socket.timeout(10_000).emitWithAck(event, payload) as Promise<Reply>;

describe('live tracking', () => {
	let scratch: ScratchDb;
	let server: Server;
	let io: ReturnType<typeof attachRealtime>;
	let url: string;
	const cookies: Record<string, string> = {};
	const ids: Record<string, number> = {};
	const sockets: Socket[] = [];
	let viewer: SessionUser;

	async function user(username: string, role: 'field' | 'supervisor' | 'dispatcher') {
		ids[username] = await createStaff(scratch.db, null, {
			username,
			fullName: `Người ${username}`,
			role,
			password: 'long enough pw'
		});
		const session = await signIn(
			scratch.db,
			{ username, password: 'long enough pw', ip: '127.0.0.1', userAgent: null },
			1
		);
		if (!session.ok) throw new Error('sign-in failed');
		cookies[username] = `${sessionCookieName}=${session.token}`;
		if (role === 'supervisor') viewer = (await userForToken(scratch.db, session.token))!;
	}
	async function as(username: string) {
		const { socket, error } = await open(url, cookies[username]);
		if (error) throw error;
		sockets.push(socket);
		return socket;
	}
	const positionCount = async () =>
		Number((await scratch.sql`select count(*) as n from staff_position`)[0].n);
	const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

	beforeAll(async () => {
		scratch = await createScratchDb('tracking');
		await migrateToLatest(scratch.db);
		await ensureRoles(scratch.db);
		await user('tho', 'field');
		await user('giamsat', 'supervisor');
		await user('dieuphoi', 'dispatcher');
		server = createServer();
		io = attachRealtime(server, scratch.db);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		for (const s of sockets) s.close();
		await closeDb();
		await closeRealtime(io);
		await new Promise((r) => server.close(r));
		await scratch.drop();
	});

	it('refuses a socket without a session', async () => {
		const { socket, error } = await open(url);
		expect(error?.message).toBe('unauthorized');
		socket.close();
	});

	it('puts a field worker on duty, once in the audit log however often the device repeats it', async () => {
		const tho = await as('tho');
		expect(await send(tho, 'duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
		expect(await send(tho, 'duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
		const [live] =
			await scratch.sql`select on_duty, duty_since from staff_live where staff_id = ${ids.tho}`;
		expect(live.on_duty).toBe(true);
		expect(live.duty_since).not.toBeNull();
		const audits = await scratch.sql`
			select action from audit_log where entity = 'staff_live' and entity_id = ${String(ids.tho)}`;
		expect(audits.map((a) => a.action)).toEqual(['duty_on']);
		expect(await send(tho, 'duty:set', { onDuty: 'yes' })).toMatchObject({
			ok: false,
			error: { field: 'onDuty' }
		});
	});

	it('stores a batch, moves the live position and tells supervisors and dispatchers', async () => {
		const tho = await as('tho');
		const supervisor = await as('giamsat');
		const dispatcher = await as('dieuphoi');
		const heard = (s: Socket) =>
			new Promise<{ positions: { staffId: number; lon: number; lat: number; at: string }[] }>((r) =>
				s.once('staff:positions', r)
			);
		const bySupervisor = heard(supervisor);
		const byDispatcher = heard(dispatcher);
		const positions = [
			{ lon: 107.59, lat: 16.46, at: at(10), accuracyM: 6 },
			{ lon: 107.5901, lat: 16.4601, at: at(5), accuracyM: 7, speedKmh: 4 },
			{ lon: 107.5902, lat: 16.4602, at: at(0) }
		];
		expect(await send(tho, 'position:batch', { positions })).toEqual({ ok: true, accepted: 3 });

		const rows = await scratch.sql`
			select lon_e6, lat_e6, accuracy_m, speed_kmh from staff_position
			where staff_id = ${ids.tho} order by recorded_at`;
		expect(rows.map((r) => [r.lon_e6, r.lat_e6, r.accuracy_m, r.speed_kmh])).toEqual([
			[107590000, 16460000, 6, null],
			[107590100, 16460100, 7, 4],
			[107590200, 16460200, null, null]
		]);
		const [live] = await scratch.sql`
			select ST_X(geom) as lon, ST_Y(geom) as lat, recorded_at from staff_live
			where staff_id = ${ids.tho}`;
		expect([live.lon, live.lat]).toEqual([107.5902, 16.4602]);
		expect((live.recorded_at as Date).toISOString()).toBe(positions[2].at);

		for (const event of [await bySupervisor, await byDispatcher])
			expect(event.positions).toEqual(
				positions.map((p) => ({ staffId: ids.tho, lon: p.lon, lat: p.lat, at: p.at }))
			);
		const [me] = (await liveStaff(scratch.db, viewer)).filter((s) => s.staffId === ids.tho);
		expect(me).toMatchObject({ lon: 107.5902, lat: 16.4602, at: positions[2].at });
	});

	it('keeps the newest live position when an older offline batch arrives late', async () => {
		const tho = await as('tho');
		const newest = at(0);
		expect(
			await send(tho, 'position:batch', { positions: [{ lon: 107.6, lat: 16.47, at: newest }] })
		).toMatchObject({ ok: true });
		expect(
			await send(tho, 'position:batch', { positions: [{ lon: 107.5, lat: 16.4, at: at(600) }] })
		).toMatchObject({ ok: true });
		const [live] = await scratch.sql`
			select ST_X(geom) as lon, recorded_at from staff_live where staff_id = ${ids.tho}`;
		expect(live.lon).toBe(107.6);
		expect((live.recorded_at as Date).toISOString()).toBe(newest);
	});

	it('refuses positions from anyone but field staff, storing nothing', async () => {
		const before = await positionCount();
		const supervisor = await as('giamsat');
		const reply = await send(supervisor, 'position:batch', {
			positions: [{ lon: 107.59, lat: 16.46, at: at(0) }]
		});
		expect(reply).toMatchObject({ ok: false, error: { field: 'role' } });
		expect(await send(supervisor, 'duty:set', { onDuty: true })).toMatchObject({ ok: false });
		expect(await positionCount()).toBe(before);
		const [row] =
			await scratch.sql`select count(*) as n from staff_live where staff_id = ${ids.giamsat}`;
		expect(Number(row.n)).toBe(0);
	});

	it('refuses a batch with one bad position or a malformed payload, storing none of it', async () => {
		const before = await positionCount();
		const tho = await as('tho');
		const good = { lon: 107.59, lat: 16.46, at: at(0) };
		const cases: [unknown, string][] = [
			[{ positions: [good, { ...good, lat: 91 }] }, 'positions.1.lat'],
			[{ positions: [good, { ...good, lon: -181 }] }, 'positions.1.lon'],
			[
				{ positions: [{ ...good, at: new Date(Date.now() + 5 * 60_000).toISOString() }] },
				'positions.0.at'
			],
			[{ positions: [{ ...good, lon: '107.59' }] }, 'positions.0.lon'],
			[{ positions: [] }, 'positions'],
			[{ positions: Array.from({ length: 101 }, () => good) }, 'positions'],
			['not an object', 'payload']
		];
		for (const [payload, field] of cases) {
			const reply = await send(tho, 'position:batch', payload);
			expect(reply, field).toMatchObject({ ok: false, error: { field } });
		}
		expect(await positionCount()).toBe(before);
	});

	it('creates day partitions, moving rows that landed in the default partition', async () => {
		const inDefault = await positionCount();
		expect(inDefault).toBeGreaterThan(0);
		const report = await maintainPartitions(scratch.db, 90);
		expect(report.created).toHaveLength(8);
		expect(report.moved).toBe(inDefault);
		const [where] = await scratch.sql`
			select count(*) filter (where tableoid = 'staff_position_default'::regclass) as in_default,
				count(*) as total from staff_position`;
		expect(Number(where.in_default)).toBe(0);
		expect(Number(where.total)).toBe(inDefault);
		// Idempotent: a second run (another process, the next hour) creates nothing.
		expect((await maintainPartitions(scratch.db, 90)).created).toEqual([]);
		// Today's positions now go straight to today's partition.
		const tho = await as('tho');
		await send(tho, 'position:batch', { positions: [{ lon: 107.59, lat: 16.46, at: at(0) }] });
		const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
		const [fresh] = await scratch.sql`
			select tableoid::regclass::text as part from staff_position order by recorded_at desc limit 1`;
		expect(fresh.part).toBe(`staff_position_p${today}`);
	});

	it('drops partitions and default rows older than the retention', async () => {
		const longAgo = new Date(Date.now() - 120 * 86_400_000);
		await maintainPartitions(scratch.db, 3650, longAgo);
		const oldDay = longAgo.toISOString().slice(0, 10).replaceAll('-', '');
		await insertPositions(scratch.db, [
			{ staffId: ids.tho, at: longAgo, lon: 107.5, lat: 16.4, accuracyM: 5, speedKmh: null },
			// 20 days before that: no partition, so the default partition holds it.
			{
				staffId: ids.tho,
				at: new Date(longAgo.getTime() - 20 * 86_400_000),
				lon: 107.5,
				lat: 16.4,
				accuracyM: 5,
				speedKmh: null
			}
		]);
		const kept = await positionCount();
		const report = await maintainPartitions(scratch.db, 90);
		expect(report.dropped).toHaveLength(8);
		expect(report.dropped[0]).toBe(longAgo.toISOString().slice(0, 10));
		expect(report.deleted).toBe(1);
		expect(await positionCount()).toBe(kept - 2);
		const [gone] = await scratch.sql`select to_regclass(${`staff_position_p${oldDay}`}) as t`;
		expect(gone.t).toBeNull();
		const [audit] = await scratch.sql`
			select new_values from audit_log where entity = 'staff_position' and action = 'retention'`;
		expect(audit.new_values).toMatchObject({ retentionDays: 90, deleted: 1 });
	});

	it("gives a day's trail in Vietnam time with its stop and distance", async () => {
		// 20 Nov in Vietnam is 19 Nov 17:00 UTC to 20 Nov 17:00 UTC.
		const t0 = Date.parse('2026-11-20T01:00:00Z');
		const rows = [];
		const fix = (i: number, metresEast: number) => ({
			staffId: ids.dieuphoi,
			at: new Date(t0 + i * 5_000),
			lon: 107.59 + metresEast / 106_800,
			lat: 16.46,
			accuracyM: 5,
			speedKmh: null
		});
		let i = 0;
		// 5 min walking east at 1.4 m/s (420 m), 12 min standing, 5 min walking on.
		for (let k = 1; k <= 60; k++) rows.push(fix(i++, k * 7));
		for (let k = 0; k < 144; k++) rows.push(fix(i++, 420 + (k % 2)));
		for (let k = 1; k <= 60; k++) rows.push(fix(i++, 420 + k * 7));
		// The evening before, in Vietnam (16:59 UTC): another day's trail.
		rows.push({ ...fix(0, 0), at: new Date('2026-11-19T16:59:00Z') });
		await insertPositions(scratch.db, rows);

		const outcome = await trailFor(scratch.db, viewer, ids.dieuphoi, '2026-11-20');
		if (!outcome.ok) throw new Error(outcome.error.reason);
		const trail = outcome.value;
		expect(trail.points).toHaveLength(264);
		expect(trail.points[0][2]).toBe(t0);
		expect(trail.stops).toHaveLength(1);
		expect(trail.stops[0].durationMin).toBeGreaterThanOrEqual(12);
		expect(trail.stops[0].durationMin).toBeLessThan(13);
		expect(trail.distanceM).toBeGreaterThan(820);
		expect(trail.distanceM).toBeLessThan(860);
		expect((await trailFor(scratch.db, viewer, 999_999, '2026-11-20')).ok).toBe(false);
	});

	it('answers the JSON endpoints, naming a bad parameter', async () => {
		process.env.DATABASE_URL = scratch.url;
		const trail = (staffId: string, date: string | null) =>
			trailEndpoint({
				params: { staffId },
				url: new URL(`http://x/api/tracking/${staffId}/trail${date ? `?date=${date}` : ''}`),
				locals: { user: viewer }
			} as unknown as Parameters<typeof trailEndpoint>[0]);
		const ok = await trail(String(ids.dieuphoi), '2026-11-20');
		expect(ok.status).toBe(200);
		const body = (await ok.json()) as { date: string; stops: unknown[]; points: unknown[] };
		expect([body.date, body.stops.length, body.points.length]).toEqual(['2026-11-20', 1, 264]);
		const badDate = await trail(String(ids.dieuphoi), '2026-02-31x');
		expect(badDate.status).toBe(400);
		expect(await badDate.json()).toMatchObject({ error: { field: 'date' } });
		const badId = await trail('abc', null);
		expect(await badId.json()).toMatchObject({ error: { field: 'staffId' } });
		expect((await trail('999999', null)).status).toBe(404);
		const live = await liveEndpoint({ locals: { user: viewer } } as unknown as Parameters<
			typeof liveEndpoint
		>[0]);
		const onDuty = (await live.json()) as { staff: { staffId: number }[] };
		expect(onDuty.staff.map((s) => s.staffId)).toEqual([ids.tho]);
	});
});
