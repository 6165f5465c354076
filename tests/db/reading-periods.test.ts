// Reading periods against a seeded PostgreSQL: one open period at a time, close / reopen /
// lock with their refusals, the default schedule of a newly opened month, the schedule edit,
// auto-lock (only periods past their delay and with nothing to review), and the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { mostCommonDay } from '../../src/lib/domain/readings/schedule.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import {
	closePeriod,
	editSchedule,
	getRules,
	lockPeriod,
	openNextPeriod,
	periodDetail,
	reopenPeriod,
	updateRules
} from '../../src/lib/server/readings/periods.service.ts';
import { routeGrid } from '../../src/lib/server/readings/grid.service.ts';
import { runAutoLock } from '../../src/lib/server/readings/readings.jobs.ts';
import { ReadingError, recordReading } from '../../src/lib/server/readings/readings.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

describe('reading periods', () => {
	let scratch: ScratchDb;
	let clerk: SessionUser;
	let nov: number;
	let dec: number;
	let jan: number;
	let routes: number[];
	/** Field staff: the first is inactive, so the second is route A's default reader. */
	let readers: number[];

	async function refused(promise: Promise<unknown>): Promise<ReadingError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ReadingError);
		return error as ReadingError;
	}
	async function dbError(run: () => Promise<unknown>): Promise<{ code?: string }> {
		return (await run().then(
			() => ({}),
			(e: unknown) => e
		)) as { code?: string };
	}
	const status = async (id: number) =>
		(await scratch.sql<{ status: string }[]>`select status from reading_period where id = ${id}`)[0]
			.status;
	const audits = (action: string) =>
		scratch.sql<{ actor_id: number | null; entity_id: string }[]>`
			select actor_id, entity_id from audit_log where action = ${action} order by id`;

	beforeAll(async () => {
		scratch = await createScratchDb('reading_periods');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 6, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const staff = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash, active) values
				('hd.test', 'Hóa đơn', 'billing_clerk', 'x', true),
				('gcs.old', 'Ghi cũ', 'field', 'x', false),
				('gcs.a', 'Ghi A', 'field', 'x', true),
				('gcs.b', 'Ghi B', 'field', 'x', true)
			returning id`;
		clerk = {
			id: staff[0].id,
			username: 'hd.test',
			fullName: 'Hóa đơn',
			role: 'billing_clerk',
			permissions: defaultPermissions('billing_clerk'),
			routeIds: null
		};
		readers = staff.slice(1).map((s) => s.id);
		routes = (await scratch.sql<{ id: number }[]>`select id from route order by id`).map(
			(r) => r.id
		);
		// Route A: the inactive reader (lowest id) and two active ones; route B: one reader.
		await scratch.sql`insert into staff_route_scope (staff_id, route_id) values
			(${readers[0]}, ${routes[0]}), (${readers[2]}, ${routes[0]}), (${readers[1]}, ${routes[0]}),
			(${readers[2]}, ${routes[1]})`;
		[{ id: nov }] = await scratch.sql<{ id: number }[]>`
			select id from reading_period where status = 'open'`;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('leaves the cycle to the billing side: a reader (readings.edit alone) cannot close or lock', async () => {
		const reader: SessionUser = {
			...clerk,
			role: 'field',
			permissions: defaultPermissions('field')
		};
		for (const attempt of [
			closePeriod(scratch.db, reader, nov),
			lockPeriod(scratch.db, reader, nov)
		])
			expect(await refused(attempt)).toMatchObject({ status: 403, field: 'user' });
		expect((await scratch.sql`select status from reading_period where id = ${nov}`)[0].status).toBe(
			'open'
		);
	});

	it('keeps one period open at a time, in the service and in the database', async () => {
		const e = await refused(openNextPeriod(scratch.db, clerk));
		expect(e).toMatchObject({ status: 409, field: 'period' });
		expect(e.reason).toMatch(/11\/2026 đang mở/);
		const err = await dbError(
			() => scratch.sql`insert into reading_period (period_month) values ('2026-12-01')`
		);
		expect(err.code).toBe('23505');
	});

	it('closes, reopens and closes again; refuses to close twice', async () => {
		await closePeriod(scratch.db, clerk, nov);
		expect(await status(nov)).toBe('closed');
		expect(await refused(closePeriod(scratch.db, clerk, nov))).toMatchObject({
			status: 409,
			field: 'status'
		});
		await reopenPeriod(scratch.db, clerk, nov);
		expect(await status(nov)).toBe('open');
		await closePeriod(scratch.db, clerk, nov);
		expect((await audits('reading_period.close')).map((a) => a.actor_id)).toEqual([
			clerk.id,
			clerk.id
		]);
	});

	it('opens the next month with a plan per route: the usual reading day and the first active reader', async () => {
		const opened = await openNextPeriod(scratch.db, clerk);
		dec = opened.id;
		expect(opened).toMatchObject({ period_month: '2026-12-01', status: 'open' });
		const plan = await scratch.sql<
			{ route_id: number; planned_on: string; reader_id: number | null }[]
		>`select route_id, planned_on::text as planned_on, reader_id from reading_schedule
			where period_id = ${dec} order by route_id`;
		expect(plan.map((p) => p.route_id)).toEqual(routes);
		// November's readings per route and day (Vietnam time), counted here on their own.
		const days = await scratch.sql<{ route_id: number; day: number; n: number }[]>`
			select c.route_id, extract(day from r.read_at at time zone 'Asia/Ho_Chi_Minh')::int as day,
				count(*)::int as n
			from reading r join customer c on c.id = r.customer_id
			where r.period_id = ${nov} and c.route_id is not null group by 1, 2`;
		for (const p of plan) {
			const day = mostCommonDay(days.filter((d) => d.route_id === p.route_id)) ?? 1;
			expect(p.planned_on).toBe(`2026-12-${String(day).padStart(2, '0')}`);
		}
		expect(plan[0].reader_id).toBe(readers[1]);
		expect(plan[1].reader_id).toBe(readers[2]);
		expect(plan[2].reader_id).toBeNull();
		await expect(audits('reading_period.open')).resolves.toHaveLength(1);
	});

	it('reopens a closed period only while no other is open', async () => {
		const e = await refused(reopenPeriod(scratch.db, clerk, nov));
		expect(e.status).toBe(409);
		expect(e.reason).toMatch(/12\/2026 đang mở/);
		expect(await status(nov)).toBe('closed');
	});

	it('edits a route’s plan within the month ± 10 days, with an active field reader', async () => {
		const edit = (plannedOn: string, readerId: number | null) =>
			editSchedule(scratch.db, clerk, { periodId: dec, routeId: routes[0], plannedOn, readerId });
		expect(await refused(edit('2026-11-20', readers[1]))).toMatchObject({
			status: 400,
			field: 'plannedOn'
		});
		expect(await refused(edit('2026-12-31', clerk.id))).toMatchObject({
			status: 400,
			field: 'readerId'
		});
		expect(await refused(edit('2026-12-31', readers[0]))).toMatchObject({ field: 'readerId' });
		const scoped = { ...clerk, routeIds: [routes[1]] };
		expect(
			await refused(
				editSchedule(scratch.db, scoped, {
					periodId: dec,
					routeId: routes[0],
					plannedOn: '2026-12-05',
					readerId: null
				})
			)
		).toMatchObject({ status: 404, field: 'routeId' });
		await edit('2026-12-31', readers[2]);
		const detail = await periodDetail(scratch.db, scoped, dec);
		expect(detail.routes.map((r) => r.route_id)).toEqual([routes[1]]);
		const [row] = (await periodDetail(scratch.db, clerk, dec)).routes.filter(
			(r) => r.route_id === routes[0]
		);
		expect(row).toMatchObject({ planned_on: '2026-12-31', reader_id: readers[2], read: 0 });
		expect(row.total).toBeGreaterThan(0);
		await expect(audits('reading_schedule.edit')).resolves.toEqual([
			{ actor_id: clerk.id, entity_id: `${dec}/${routes[0]}` }
		]);
	});

	it('refuses to lock an open period, and one with readings waiting for review (naming how many)', async () => {
		expect(await refused(lockPeriod(scratch.db, clerk, dec))).toMatchObject({
			status: 409,
			field: 'status'
		});
		// A rollback in December: flagged for review.
		const [c] = await scratch.sql<{ id: number; current_index: string }[]>`
			select c.id, r.current_index from customer c
			join reading r on r.customer_id = c.id and r.period_id = ${nov} and r.kind = 'actual'
			join meter m on m.id = r.meter_id and m.status = 'in_service'
			where c.status = 'active' and r.current_index > 50 order by c.id limit 1`;
		const r = await recordReading(
			scratch.db,
			clerk,
			{ customerId: c.id, index: String(Number(c.current_index) - 40) },
			{ source: 'grid', photo: 'not_required' }
		);
		expect(r.reviewStatus).toBe('flagged');
		await closePeriod(scratch.db, clerk, dec);
		const e = await refused(lockPeriod(scratch.db, clerk, dec));
		expect(e).toMatchObject({ status: 409, field: 'review' });
		expect(e.reason).toMatch(/còn 1 chỉ số/);
		expect(await status(dec)).toBe('closed');
	});

	it('auto-locks only closed periods past their delay with nothing left to review', async () => {
		// Rules: 5 days. November closed 2 days ago: not yet.
		await scratch.sql`update reading_period set closed_at = now() - interval '2 days' where id = ${nov}`;
		await scratch.sql`update reading_period set closed_at = now() - interval '30 days' where id = ${dec}`;
		let report = await runAutoLock(scratch.db);
		expect(report.locked).toEqual([]);
		expect(report.kept).toEqual([
			{ id: dec, month: '12/2026', reason: expect.stringMatching(/còn 1/) }
		]);
		expect(await status(nov)).toBe('closed');

		await scratch.sql`update reading_period set closed_at = now() - interval '6 days' where id = ${nov}`;
		report = await runAutoLock(scratch.db);
		expect(report.locked).toEqual([{ id: nov, month: '11/2026' }]);
		expect(await status(nov)).toBe('locked');
		expect(await status(dec)).toBe('closed');
		await expect(audits('reading_period.auto_lock')).resolves.toEqual([
			{ actor_id: null, entity_id: String(nov) }
		]);
		// Nothing is due any more but December, which still waits for its review.
		report = await runAutoLock(scratch.db);
		expect(report.locked).toEqual([]);
	});

	it('locks for good: no reopen, no schedule change, in the service or the database', async () => {
		await scratch.sql`update reading set review_status = 'accepted' where period_id = ${dec} and review_status = 'flagged'`;
		await lockPeriod(scratch.db, clerk, dec);
		expect(await status(dec)).toBe('locked');
		const e = await refused(reopenPeriod(scratch.db, clerk, dec));
		expect(e).toMatchObject({ status: 409, field: 'period' });
		expect(e.reason).toMatch(/12\/2026 đã khóa sổ/);
		expect(
			await refused(
				editSchedule(scratch.db, clerk, {
					periodId: dec,
					routeId: routes[1],
					plannedOn: '2026-12-10',
					readerId: null
				})
			)
		).toMatchObject({ status: 409, field: 'period' });
		const err = await dbError(
			() =>
				scratch.sql`update reading_schedule set planned_on = '2026-12-09' where period_id = ${dec}`
		);
		expect(err.code).toBe('55000');
		expect(
			(
				await dbError(
					() => scratch.sql`update reading_period set status = 'closed' where id = ${dec}`
				)
			).code
		).toBe('55000');
	});

	it('opens January from December’s plan shifted one month, keeping its readers', async () => {
		const opened = await openNextPeriod(scratch.db, clerk);
		jan = opened.id;
		expect(opened.period_month).toBe('2027-01-01');
		const [a] = await scratch.sql<{ planned_on: string; reader_id: number }[]>`
			select planned_on::text as planned_on, reader_id from reading_schedule
			where period_id = ${jan} and route_id = ${routes[0]}`;
		expect(a).toEqual({ planned_on: '2027-01-31', reader_id: readers[2] });
	});

	it('gives the grid a route in sequence with its notices, in scope, editable only when open', async () => {
		const [poor] = await scratch.sql<{ id: number; route_id: number }[]>`
			select id, route_id from customer
			where category = 'poor_household' and route_id is not null order by id limit 1`;
		const grid = await routeGrid(scratch.db, clerk, jan, poor.route_id);
		expect(grid.editable).toBe(true);
		const seqs = grid.rows.map((r) => r.seq!);
		expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
		const row = grid.rows.find((r) => r.customerId === poor.id)!;
		expect(row.notices).toContainEqual({ kind: 'preferential', category: 'poor_household' });
		const withHistory = grid.rows.find((r) => r.history.length === 3)!;
		expect(withHistory.averageM3).toBeCloseTo(
			withHistory.history.reduce((x, y) => x + y, 0) / 3,
			3
		);
		expect((await routeGrid(scratch.db, clerk, dec, poor.route_id)).editable).toBe(false);
		const supervisor = {
			...clerk,
			role: 'supervisor' as const,
			permissions: defaultPermissions('supervisor')
		};
		expect((await routeGrid(scratch.db, supervisor, jan, poor.route_id)).editable).toBe(false);
		const other = routes.find((r) => r !== poor.route_id)!;
		expect(
			await refused(routeGrid(scratch.db, { ...clerk, routeIds: [other] }, jan, poor.route_id))
		).toMatchObject({ status: 404, field: 'routeId' });
	});

	it('validates the rules, naming the field, and audits a change', async () => {
		const base = {
			tolerancePct: '50',
			toleranceM3: '10',
			maxDistanceM: '50',
			photoRequired: true,
			autoLockDays: '5'
		};
		for (const [field, value] of [
			['tolerancePct', '0'],
			['toleranceM3', '-1'],
			['maxDistanceM', '12,5'],
			['maxDistanceM', '4'],
			['autoLockDays', '61'],
			['autoLockDays', 'năm']
		] as const)
			expect(
				await refused(updateRules(scratch.db, clerk, { ...base, [field]: value })),
				`${field}=${value}`
			).toMatchObject({ status: 400, field });
		await updateRules(scratch.db, clerk, {
			...base,
			tolerancePct: '37,5',
			photoRequired: false,
			autoLockDays: ''
		});
		expect(await getRules(scratch.db)).toEqual({
			tolerance_pct: 37.5,
			tolerance_m3: 10,
			max_distance_m: 50,
			photo_required: false,
			auto_lock_days: null
		});
		await expect(audits('reading_rules.update')).resolves.toHaveLength(1);
	});
});
