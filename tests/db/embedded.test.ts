import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { tileAt } from '../../src/lib/domain/map/tile-math.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { postgisHasMvt } from '../../src/lib/server/map/map.repository.ts';
import { summaryFor, tileFor } from '../../src/lib/server/map/map.service.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import { signIn, userForToken } from '../../src/lib/server/auth/auth.service.ts';
import { openDb, type DbHandle } from '../../src/lib/server/db/connection.ts';
import { startEmbeddedDb, type EmbeddedDb } from '../../src/lib/server/db/embedded.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { startBoss } from '../../src/lib/server/jobs/boss.ts';
import { countCustomers } from '../../src/lib/server/customers/customers.repository.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

// The embedded default (PGlite + PostGIS over pglite-socket) through the same code path as
// production: postgres.js, Kysely migrations, a small seed, PostGIS, and pg-boss.
describe('embedded database', () => {
	let dir: string;
	let embedded: EmbeddedDb;
	let handle: DbHandle;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'wl-embedded-'));
		embedded = await startEmbeddedDb(dir);
		handle = openDb(embedded.url);
	});
	afterAll(async () => {
		await handle?.close();
		await embedded?.stop();
		await rm(dir, { recursive: true, force: true });
	});

	it('boots with PostGIS and applies the migrations', async () => {
		expect((await migrateToLatest(handle.db)).length).toBeGreaterThanOrEqual(2);
		const { rows } = await sql<{ v: string }>`select postgis_lib_version() as v`.execute(handle.db);
		expect(rows[0].v).toMatch(/^3\./);
		const tz = await sql<{ tz: string }>`select current_setting('TimeZone') as tz`.execute(
			handle.db
		);
		expect(tz.rows[0].tz).toBe('Asia/Ho_Chi_Minh');
	});

	it('loads a small synthetic utility and answers a spatial query', async () => {
		await seedDatabase(handle.sql, { customers: 300, seed: 3, reset: false, bulk: 'insert' });
		expect(await countCustomers(handle.db)).toBe(300);
		// Every customer lies inside the zone it is assigned to.
		const { rows } = await sql<{ outside: number; inside: number }>`
			select count(*) filter (where not ST_Contains(z.geom, c.geom))::int as outside,
				count(*) filter (where ST_Contains(z.geom, c.geom))::int as inside
			from customer c join zone z on z.id = c.zone_id
		`.execute(handle.db);
		expect(rows[0]).toEqual({ outside: 0, inside: 300 });
	});

	it('serves map tiles although its PostGIS build has no ST_AsMVT', async () => {
		expect(await postgisHasMvt(handle.db)).toBe(false);
		const dispatcher: SessionUser = {
			id: 1,
			username: 'd',
			fullName: 'd',
			role: 'dispatcher',
			permissions: defaultPermissions('dispatcher'),
			routeIds: null
		};
		const { bbox } = await summaryFor(handle.db, dispatcher);
		const tile = tileAt((bbox![0] + bbox![2]) / 2, (bbox![1] + bbox![3]) / 2, 10);
		const { body } = await tileFor(handle, dispatcher, { layer: 'customers', ...tile });
		const layer = new VectorTile(new PbfReader(body)).layers.customers;
		let total = 0;
		for (let i = 0; i < layer.length; i++) total += Number(layer.feature(i).properties.count);
		expect(total).toBe(300);
	});

	it('signs a user in (argon2id, advisory lock, session) through the socket', async () => {
		await ensureRoles(handle.db);
		await createStaff(handle.db, null, {
			username: 'demo.admin',
			fullName: 'Quản trị',
			role: 'admin',
			password: 'long enough password'
		});
		const session = await signIn(
			handle.db,
			{
				username: 'demo.admin',
				password: 'long enough password',
				ip: '127.0.0.1',
				userAgent: null
			},
			1
		);
		expect(session.ok).toBe(true);
		if (session.ok) expect((await userForToken(handle.db, session.token))?.role).toBe('admin');
	});

	it('runs a pg-boss job round trip', async () => {
		const boss = await startBoss(embedded.url, {
			work: true,
			importHeapMb: parseConfig({}).IMPORT_HEAP_MB
		});
		try {
			const sentAt = new Date().toISOString();
			const id = await boss.send('ping', { sentAt });
			expect(id).toBeTruthy();
			let job = await boss.getJobById<{ sentAt: string }>('ping', id!);
			for (let i = 0; i < 100 && job?.state !== 'completed'; i++) {
				await new Promise((r) => setTimeout(r, 200));
				job = await boss.getJobById('ping', id!);
			}
			expect(job?.state).toBe('completed');
			expect(job?.output).toMatchObject({ sentAt });
		} finally {
			await boss.stop({ graceful: false, timeout: 2_000 });
		}
	});

	it('keeps the data across a restart', async () => {
		await handle.close();
		await embedded.stop();
		embedded = await startEmbeddedDb(dir);
		handle = openDb(embedded.url);
		expect(await countCustomers(handle.db)).toBe(300);
		expect(await migrateToLatest(handle.db)).toEqual([]);
	});
});
