// Recording readings against a seeded PostgreSQL: consumption from the last reading, the
// anomaly flags, idempotent replays (one after another and at the same time), route scope,
// bad indexes, and the period lock, which the database itself enforces.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { ReadingError, recordReading } from '../../src/lib/server/readings/readings.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

describe('readings', () => {
	let scratch: ScratchDb;
	let clerk: SessionUser;
	let decId: number;
	const field = (routeIds: number[]): SessionUser => ({
		...clerk,
		role: 'field',
		permissions: defaultPermissions('field'),
		routeIds
	});

	/** An active customer with an actual November reading and its numbers. */
	async function customerWithNovember(offset = 0) {
		const [c] = await scratch.sql<
			{ id: number; route_id: number; current_index: string; dial_digits: number }[]
		>`select c.id, c.route_id, r.current_index, m.dial_digits
			from customer c join reading r on r.customer_id = c.id and r.period_id = 12
			join meter m on m.customer_id = c.id and m.status = 'in_service' and m.id = r.meter_id
			where c.status = 'active' and r.kind = 'actual' and m.dial_digits = 5
				and r.current_index < 90000
			order by c.id offset ${offset} limit 1`;
		return { ...c, previous: Number(c.current_index) };
	}

	async function refused(promise: Promise<unknown>): Promise<ReadingError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ReadingError);
		return error as ReadingError;
	}

	beforeAll(async () => {
		scratch = await createScratchDb('readings');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 6, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('hd.test', 'Hóa đơn', 'billing_clerk', 'x') returning id`;
		clerk = {
			id: s.id,
			username: 'hd.test',
			fullName: 'Hóa đơn',
			role: 'billing_clerk',
			permissions: defaultPermissions('billing_clerk'),
			routeIds: null
		};
		// November (seeded, fully read) closes; December opens for these tests.
		await scratch.sql`update reading_period set status = 'closed', closed_at = now() where status = 'open'`;
		const [dec] = await scratch.sql<{ id: number }[]>`
			insert into reading_period (period_month) values ('2026-12-01') returning id`;
		decId = dec.id;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('records a reading from the last index, and a replay of its key is accepted once', async () => {
		const c = await customerWithNovember();
		const key = randomUUID();
		const input = { customerId: c.id, clientKey: key, index: String(c.previous + 7) };
		const first = await recordReading(scratch.db, field([c.route_id]), input, {
			source: 'field',
			photo: 'present'
		});
		expect(first).toMatchObject({
			periodId: decId,
			replayed: false,
			consumptionM3: 7,
			kind: 'actual'
		});
		// The same sync again, even with another index in it: answered with the stored reading.
		const again = await recordReading(
			scratch.db,
			field([c.route_id]),
			{ ...input, index: '1' },
			{ source: 'field', photo: 'present' }
		);
		expect(again).toMatchObject({ id: first.id, replayed: true, consumptionM3: 7 });
		const [{ n, audits }] = await scratch.sql<{ n: number; audits: number }[]>`
			select (select count(*)::int from reading where customer_id = ${c.id} and period_id = ${decId}) as n,
				(select count(*)::int from audit_log where entity = 'reading' and entity_id = ${String(first.id)}) as audits`;
		expect({ n, audits }).toEqual({ n: 1, audits: 1 });
	});

	it('accepts concurrent replays of one key once', async () => {
		const c = await customerWithNovember(1);
		const input = { customerId: c.id, clientKey: randomUUID(), index: String(c.previous + 3) };
		const results = await Promise.all(
			Array.from({ length: 4 }, () =>
				recordReading(scratch.db, clerk, input, { source: 'grid', photo: 'not_required' })
			)
		);
		expect(new Set(results.map((r) => r.id)).size).toBe(1);
		expect(results.filter((r) => !r.replayed)).toHaveLength(1);
	});

	it('flags a rollback and a missing photo for review', async () => {
		const c = await customerWithNovember(2);
		const r = await recordReading(
			scratch.db,
			clerk,
			{ customerId: c.id, index: String(Math.max(0, c.previous - 40)) },
			{ source: 'field', photo: 'missing' }
		);
		expect(r.reviewStatus).toBe('flagged');
		expect([...r.flags].sort()).toEqual(['no_photo', 'rollback']);
		expect(r.consumptionM3).toBe(0);
	});

	it('refuses an index longer than the dial or not a number, naming the field', async () => {
		const c = await customerWithNovember(3);
		expect(
			await refused(
				recordReading(
					scratch.db,
					clerk,
					{ customerId: c.id, index: '1234567' },
					{ source: 'grid', photo: 'not_required' }
				)
			)
		).toMatchObject({
			status: 400,
			field: 'index'
		});
		expect(
			await refused(
				recordReading(
					scratch.db,
					clerk,
					{ customerId: c.id, index: 'mười' },
					{ source: 'grid', photo: 'not_required' }
				)
			)
		).toMatchObject({
			status: 400,
			field: 'index'
		});
	});

	it('hides customers outside the reader’s routes', async () => {
		const c = await customerWithNovember(4);
		const other = (
			await scratch.sql<{ id: number }[]>`select id from route where id <> ${c.route_id} limit 1`
		)[0].id;
		expect(
			await refused(
				recordReading(
					scratch.db,
					field([other]),
					{ customerId: c.id, index: '1' },
					{ source: 'field', photo: 'present' }
				)
			)
		).toMatchObject({
			status: 404,
			field: 'customerId'
		});
	});

	it('refuses a reading in a locked period with a clear message', async () => {
		const c = await customerWithNovember(5);
		const e = await refused(
			recordReading(
				scratch.db,
				clerk,
				{ customerId: c.id, periodId: 3, index: '1' },
				{ source: 'grid', photo: 'not_required' }
			)
		);
		expect(e).toMatchObject({ status: 409, field: 'period' });
		expect(e.reason).toMatch(/đã khóa sổ/);
	});

	it('holds the lock in the database, whoever writes', async () => {
		const lockedError = async (run: () => Promise<unknown>) => {
			const err = (await run().then(
				() => null,
				(e: unknown) => e
			)) as { code?: string; message?: string } | null;
			expect(err?.code).toBe('55000');
			expect(err?.message).toMatch(/reading period \d+ is locked/);
		};
		const [r] = await scratch.sql<{ id: string; customer_id: number; meter_id: number }[]>`
			select id, customer_id, meter_id from reading where period_id = 3 limit 1`;
		await lockedError(
			() => scratch.sql`update reading set current_index = current_index + 1 where id = ${r.id}`
		);
		await lockedError(() => scratch.sql`delete from reading where id = ${r.id}`);
		// Moving a reading out of (or into) a locked period is a change to it too.
		await lockedError(
			() => scratch.sql`update reading set period_id = ${decId} where id = ${r.id}`
		);
		await lockedError(
			() =>
				scratch.sql`insert into back_billing (customer_id, period_id, volume_m3, reason) values (${r.customer_id}, 3, 5, 'truy thu thử')`
		);
		await lockedError(() => scratch.sql`update reading_period set status = 'open' where id = 3`);
		await lockedError(() => scratch.sql`delete from reading_period where id = 3`);
		// An open period takes the same writes.
		await scratch.sql`insert into back_billing (customer_id, period_id, volume_m3, reason) values (${r.customer_id}, ${decId}, 5, 'truy thu thử')`;
	});
});
