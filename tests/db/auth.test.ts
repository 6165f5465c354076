import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import {
	AdminInputError,
	createStaff,
	setPermission,
	updateStaff
} from '../../src/lib/server/admin/admin.service.ts';
import { signIn, signOut, userForToken } from '../../src/lib/server/auth/auth.service.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';

const password = 'correct horse battery';
const client = { ip: '10.0.0.1', userAgent: 'vitest' };

describe('sign-in, sessions and staff administration', () => {
	let scratch: ScratchDb;
	let adminId: number;
	let readerId: number;
	let routeIds: number[];

	beforeAll(async () => {
		scratch = await createScratchDb('auth');
		await migrateToLatest(scratch.db);
		await ensureRoles(scratch.db);
		adminId = await createStaff(scratch.db, null, {
			username: 'boss',
			fullName: 'Trần Thị Chủ',
			role: 'admin',
			password
		});
		readerId = await createStaff(scratch.db, adminId, {
			username: 'reader1',
			fullName: 'Lê Văn Ghi',
			role: 'field',
			password
		});
		const rows = await scratch.db
			.insertInto('route')
			.values([
				{ code: 'S01-001', name: 'Sổ 1' },
				{ code: 'S01-002', name: 'Sổ 2' }
			])
			.returning('id')
			.execute();
		routeIds = rows.map((r) => r.id);
	});
	afterAll(() => scratch.drop());

	it('opens a session for the right password and stores only the token hash', async () => {
		const result = await signIn(scratch.db, { username: 'BOSS', password, ...client }, 7);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const stored = await scratch.db.selectFrom('session').select('id').execute();
		expect(stored.map((s) => s.id)).not.toContain(result.token);
		const user = await userForToken(scratch.db, result.token);
		expect(user).toMatchObject({ username: 'boss', role: 'admin', routeIds: null });
		expect(user?.permissions.admin?.delete).toBe(true);
		await signOut(scratch.db, result.token);
		expect(await userForToken(scratch.db, result.token)).toBeNull();
	});

	it('refuses a wrong password without opening a session', async () => {
		const before = await scratch.db
			.selectFrom('session')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		const result = await signIn(
			scratch.db,
			{ username: 'reader1', password: 'nope', ...client },
			7
		);
		expect(result).toEqual({ ok: false, reason: 'invalid' });
		const after = await scratch.db
			.selectFrom('session')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
	});

	it('rate-limits repeated failures for a username, even with the right password', async () => {
		const ip = '10.0.0.9';
		for (let i = 0; i < 5; i++)
			expect(
				(
					await signIn(
						scratch.db,
						{ username: 'reader1', password: `bad${i}`, ip, userAgent: null },
						7
					)
				).ok
			).toBe(false);
		const blocked = await signIn(
			scratch.db,
			{ username: 'reader1', password, ip, userAgent: null },
			7
		);
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
		if (!blocked.ok && blocked.reason === 'rate_limited')
			expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
	});

	it('counts parallel guesses one at a time', async () => {
		await createStaff(scratch.db, adminId, {
			username: 'target',
			fullName: 'Đích',
			role: 'cashier',
			password
		});
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				signIn(
					scratch.db,
					{ username: 'target', password: `guess${i}`, ip: `10.1.0.${i}`, userAgent: null },
					7
				)
			)
		);
		const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
		expect(reasons.filter((r) => r === 'invalid')).toHaveLength(5);
		expect(reasons.filter((r) => r === 'rate_limited')).toHaveLength(5);
	});

	it('scopes a field user to their routes and ends their sessions on a role change', async () => {
		await updateStaff(scratch.db, adminId, readerId, {
			fullName: 'Lê Văn Ghi',
			role: 'field',
			active: true,
			phone: '0905123456',
			routeIds: [routeIds[1]]
		});
		await sql`delete from login_attempt`.execute(scratch.db);
		const session = await signIn(scratch.db, { username: 'reader1', password, ...client }, 7);
		if (!session.ok) throw new Error('sign-in failed');
		const user = await userForToken(scratch.db, session.token);
		expect(user?.routeIds).toEqual([routeIds[1]]);
		expect(user?.permissions.admin).toBeUndefined();

		await updateStaff(scratch.db, adminId, readerId, {
			fullName: 'Lê Văn Ghi',
			role: 'supervisor',
			active: true,
			routeIds: []
		});
		expect(await userForToken(scratch.db, session.token)).toBeNull();
	});

	it('audits every staff and permission change with old and new values', async () => {
		await setPermission(scratch.db, adminId, {
			role: 'cashier',
			module: 'map',
			perms: { access: true, create: false, edit: false, delete: false, print: false, export: true }
		});
		const rows = await scratch.db
			.selectFrom('audit_log')
			.select(['entity', 'action', 'actor_id', 'old_values', 'new_values'])
			.orderBy('id')
			.execute();
		expect(rows.map((r) => `${r.entity}:${r.action}`)).toEqual(
			expect.arrayContaining(['staff:create', 'staff:update', 'role_permission:update'])
		);
		const update = rows.find((r) => r.action === 'update' && r.entity === 'staff');
		expect(update?.actor_id).toBe(adminId);
		expect(update?.old_values).toMatchObject({ role: 'field' });
		await expect(sql`delete from audit_log`.execute(scratch.db)).rejects.toThrow(/append-only/);
	});

	it('rejects a taken username by name and writes nothing', async () => {
		const before = await scratch.db
			.selectFrom('staff')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		await expect(
			createStaff(scratch.db, adminId, {
				username: 'boss',
				fullName: 'X',
				role: 'cashier',
				password
			})
		).rejects.toThrow(AdminInputError);
		const after = await scratch.db
			.selectFrom('staff')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
	});

	it('stops an admin from locking themselves out', async () => {
		await expect(
			updateStaff(scratch.db, adminId, adminId, {
				fullName: 'Trần Thị Chủ',
				role: 'cashier',
				active: true,
				routeIds: []
			})
		).rejects.toThrow(/your own account/);
	});
});
