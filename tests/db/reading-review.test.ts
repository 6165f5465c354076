// The review of flagged readings against a seeded PostgreSQL: the list's route scope and
// filters, accept, correcting the previous index (consumption recomputed, one correction row
// per changed field with who/old/new/reason), estimating instead, a re-read order linked to
// the reading and its index applied, back-billing, and every action refused in a locked period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { ReadingError, recordReading } from '../../src/lib/server/readings/readings.service.ts';
import {
	acceptReading,
	addBackBilling,
	applyReRead,
	correctReading,
	estimateReading,
	orderForReading
} from '../../src/lib/server/readings/review.service.ts';
import {
	customerMeterPhotos,
	reviewDetail,
	reviewList
} from '../../src/lib/server/readings/review-list.service.ts';
import type { ReviewListInput } from '../../src/lib/server/readings/review.schemas.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

describe('reading review', () => {
	let scratch: ScratchDb;
	let clerk: SessionUser;
	let openId: number;
	const scoped = (routeIds: number[]): SessionUser => ({ ...clerk, routeIds });
	const list = (user: SessionUser, more: Partial<ReviewListInput> = {}) =>
		reviewList(scratch.db, user, {
			tab: 'flagged',
			page: 1,
			period: undefined,
			flag: undefined,
			route: undefined,
			reader: undefined,
			...more
		});

	/** An active customer read in the open period: its start index (last period's), route. */
	async function customer(offset: number) {
		const [c] = await scratch.sql<{ id: number; route_id: number; start: string }[]>`
			select c.id, c.route_id, r.previous_index as start
			from customer c join reading r on r.customer_id = c.id and r.period_id = ${openId}
			join meter m on m.id = r.meter_id and m.status = 'in_service' and m.dial_digits = 5
			where c.status = 'active' and r.kind = 'actual' and r.previous_index between 100 and 90000
				and (select count(*) from reading h where h.customer_id = c.id and h.kind = 'actual') >= 4
			order by c.id offset ${offset} limit 1`;
		return { id: c.id, routeId: c.route_id, start: Number(c.start) };
	}

	/** A rollback (index 40 m³ below the start) entered from the grid: flagged. */
	async function flaggedRollback(offset: number) {
		const c = await customer(offset);
		const r = await recordReading(
			scratch.db,
			clerk,
			{ customerId: c.id, index: String(c.start - 40) },
			{ source: 'grid', photo: 'not_required' }
		);
		expect(r).toMatchObject({ reviewStatus: 'flagged', flags: ['rollback'] });
		return { ...c, readingId: r.id };
	}

	async function refused(promise: Promise<unknown>): Promise<ReadingError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ReadingError);
		return error as ReadingError;
	}

	const corrections = (readingId: number) =>
		scratch.sql<
			{ field: string; old_value: string; new_value: string; reason: string; actor_id: number }[]
		>`
			select field, old_value, new_value, reason, actor_id from reading_correction
			where reading_id = ${readingId} order by id`;

	beforeAll(async () => {
		scratch = await createScratchDb('reading_review');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 6, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('hd.review', 'Hóa đơn', 'billing_clerk', 'x') returning id`;
		clerk = {
			id: s.id,
			username: 'hd.review',
			fullName: 'Hóa đơn',
			role: 'billing_clerk',
			permissions: defaultPermissions('billing_clerk'),
			routeIds: null
		};
		const [p] = await scratch.sql<
			{ id: number }[]
		>`select id from reading_period where status = 'open'`;
		openId = p.id;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('lists the open period’s flagged readings within the clerk’s routes, filtered', async () => {
		const a = await flaggedRollback(0);
		const b = await flaggedRollback(1);
		const all = await list(clerk);
		expect(all.period.id).toBe(openId);
		expect(all.rows.map((r) => r.id)).toEqual(expect.arrayContaining([a.readingId, b.readingId]));
		const row = all.rows.find((r) => r.id === a.readingId)!;
		expect(row).toMatchObject({ customer_id: a.id, previous_index: a.start, flags: ['rollback'] });
		expect(row.average_m3).toBeGreaterThan(0);

		const other = await scratch.sql<{ id: number }[]>`
			select id from route where id <> ${a.routeId} order by id limit 1`;
		const mine = await list(scoped([a.routeId]));
		expect(mine.rows.every((r) => r.route_id === a.routeId)).toBe(true);
		expect(mine.rows.map((r) => r.id)).toContain(a.readingId);
		if (b.routeId !== a.routeId) expect(mine.rows.map((r) => r.id)).not.toContain(b.readingId);
		const elsewhere = await list(scoped([other[0].id]));
		expect(elsewhere.rows.map((r) => r.id)).not.toContain(a.readingId);
		expect(elsewhere.choices.routes.map((r) => r.id)).not.toContain(a.routeId);

		expect((await list(clerk, { flag: 'spike' })).rows.map((r) => r.id)).not.toContain(a.readingId);
		expect((await list(clerk, { flag: 'rollback' })).rows.map((r) => r.id)).toContain(a.readingId);
		expect((await list(clerk, { route: a.routeId })).total).toBe(mine.total);
		expect((await list(clerk, { reader: clerk.id })).total).toBe(all.total);
		expect((await list(clerk, { tab: 'reviewed' })).rows.map((r) => r.id)).not.toContain(
			a.readingId
		);
		// Another route's reading does not open either.
		expect(
			await refused(reviewDetail(scratch.db, scoped([other[0].id]), a.readingId))
		).toMatchObject({ status: 404 });
	});

	it('accepts a reading as it is, with a correction row for its review status', async () => {
		const a = await flaggedRollback(2);
		// A reader enters readings but does not review them (no billing.edit).
		const reader: SessionUser = {
			...clerk,
			role: 'field',
			permissions: defaultPermissions('field')
		};
		expect(await refused(acceptReading(scratch.db, reader, a.readingId, {}))).toMatchObject({
			status: 403
		});
		await acceptReading(scratch.db, clerk, a.readingId, { note: 'Khách xác nhận' });
		const [r] =
			await scratch.sql`select review_status, consumption_m3 from reading where id = ${a.readingId}`;
		expect(r).toMatchObject({ review_status: 'accepted', consumption_m3: '0.000' });
		expect(await corrections(a.readingId)).toEqual([
			{
				field: 'review_status',
				old_value: 'flagged',
				new_value: 'accepted',
				reason: 'Khách xác nhận',
				actor_id: clerk.id
			}
		]);
		expect((await list(clerk, { tab: 'reviewed' })).rows.map((x) => x.id)).toContain(a.readingId);
	});

	it('corrects a wrong previous index: consumption and flags recomputed, one row per change', async () => {
		const a = await flaggedRollback(3);
		// The reader's index is right; the previous index was 50 m³ too high.
		await correctReading(scratch.db, clerk, a.readingId, {
			previousIndex: String(a.start - 50).replace('.', ','),
			reason: 'Chỉ số đầu kỳ nhập sai'
		});
		const [r] = await scratch.sql<
			{ previous_index: string; consumption_m3: string; flags: string[]; review_status: string }[]
		>`
			select previous_index, consumption_m3, flags, review_status from reading where id = ${a.readingId}`;
		expect(Number(r.previous_index)).toBeCloseTo(a.start - 50, 3);
		expect(Number(r.consumption_m3)).toBeCloseTo(10, 3);
		expect(r.flags).not.toContain('rollback');
		expect(r.review_status).toBe('corrected');
		const rows = await corrections(a.readingId);
		expect(rows.map((x) => x.field)).toEqual(['previous_index', 'consumption_m3', 'review_status']);
		expect(Number(rows[0].old_value)).toBeCloseTo(a.start, 3);
		expect(Number(rows[0].new_value)).toBeCloseTo(a.start - 50, 3);
		expect(
			rows.every((x) => x.actor_id === clerk.id && x.reason === 'Chỉ số đầu kỳ nhập sai')
		).toBe(true);
		const [{ n }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where entity = 'reading' and entity_id = ${String(a.readingId)} and action = 'reading.correct'`;
		expect(n).toBe(1);
		// Nothing to change is refused, and so is an index longer than the dial.
		expect(
			await refused(
				correctReading(scratch.db, clerk, a.readingId, {
					previousIndex: String(a.start - 50),
					reason: 'lặp lại'
				})
			)
		).toMatchObject({ status: 400, field: 'previousIndex' });
		expect(
			await refused(
				correctReading(scratch.db, clerk, a.readingId, {
					currentIndex: '1234567',
					reason: 'quá dài'
				})
			)
		).toMatchObject({ status: 400, field: 'currentIndex' });
	});

	it('estimates instead from the last 3 actual periods', async () => {
		const a = await flaggedRollback(4);
		const history = await scratch.sql<{ c: string }[]>`
			select r.consumption_m3 as c from reading r join reading_period p on p.id = r.period_id
			where r.customer_id = ${a.id} and r.kind = 'actual' and r.period_id <> ${openId}
			order by p.period_month desc limit 3`;
		const expected = Math.round(history.reduce((s, h) => s + Number(h.c), 0) / history.length);
		await estimateReading(scratch.db, clerk, a.readingId, { reason: 'Đồng hồ mờ, không đọc được' });
		const [r] = await scratch.sql<
			{ kind: string; consumption_m3: string; current_index: string }[]
		>`
			select kind, consumption_m3, current_index from reading where id = ${a.readingId}`;
		expect(r.kind).toBe('estimated');
		expect(Number(r.consumption_m3)).toBe(expected);
		expect(Number(r.current_index)).toBeCloseTo(a.start + expected, 3);
		expect((await corrections(a.readingId)).map((x) => x.field)).toEqual(
			expect.arrayContaining(['current_index', 'consumption_m3', 'kind', 'review_status'])
		);
	});

	it('creates a re-read order linked to the reading, and applies the index it brings back', async () => {
		const a = await flaggedRollback(5);
		const order = await orderForReading(scratch.db, scoped([a.routeId]), a.readingId, 're_read');
		expect(order.number).toMatch(/^PCT-\d{4}-\d{6}$/);
		const [wo] = await scratch.sql<
			{
				type: string;
				reading_id: string;
				customer_id: number;
				status: string;
				description: string;
			}[]
		>`
			select type, reading_id, customer_id, status, description from work_order where id = ${order.id}`;
		expect(wo).toMatchObject({
			type: 're_read',
			reading_id: String(a.readingId),
			customer_id: a.id,
			status: 'new'
		});
		expect(wo.description).toMatch(/Chỉ số lùi/);
		const detail = await reviewDetail(scratch.db, clerk, a.readingId);
		expect(detail.reading.review_status).toBe('re_read');
		expect(detail.orders.map((o) => o.number)).toEqual([order.number]);
		// A second one while the first is open is refused.
		expect(await refused(orderForReading(scratch.db, clerk, a.readingId, 're_read'))).toMatchObject(
			{ status: 409 }
		);
		// Not done yet: nothing to apply.
		expect(
			await refused(applyReRead(scratch.db, clerk, a.readingId, { orderId: order.id }))
		).toMatchObject({
			status: 409,
			field: 'orderId'
		});
		await scratch.sql`update work_order set status = 'done', assigned_to = ${clerk.id}, result = ${scratch.sql.json({ index: a.start + 12 })} where id = ${order.id}`;
		await applyReRead(scratch.db, clerk, a.readingId, { orderId: order.id });
		const [r] = await scratch.sql<{ consumption_m3: string; review_status: string }[]>`
			select consumption_m3, review_status from reading where id = ${a.readingId}`;
		expect(Number(r.consumption_m3)).toBeCloseTo(12, 3);
		expect(r.review_status).toBe('corrected');
		expect((await corrections(a.readingId)).at(-1)?.reason).toContain(order.number);
	});

	it('adds back-billing with a reason and lists it for the customer', async () => {
		const a = await flaggedRollback(6);
		await addBackBilling(scratch.db, clerk, a.readingId, {
			volumeM3: 7.5,
			reason: 'Đồng hồ chạy chậm'
		});
		const detail = await reviewDetail(scratch.db, clerk, a.readingId);
		expect(detail.backBillings).toEqual([
			expect.objectContaining({
				volume_m3: 7.5,
				reason: 'Đồng hồ chạy chậm',
				created_by: 'Hóa đơn'
			})
		]);
	});

	it('shows a reading’s meter photos in the review and in the customer’s card, in scope only', async () => {
		const a = await flaggedRollback(7);
		await scratch.sql`
			insert into attachment (entity, entity_id, customer_id, file_name, content_type, size_bytes, sha256, storage_key)
			values ('reading', ${a.readingId}, ${a.id}, 'meter.jpg', 'image/jpeg', 1000, ${'0'.repeat(64)}, 'reading/meter.jpg')`;
		const detail = await reviewDetail(scratch.db, clerk, a.readingId);
		expect(detail.photos).toEqual([
			expect.objectContaining({ reading_id: a.readingId, file_name: 'meter.jpg' })
		]);
		expect(detail.photos[0].period_month).toMatch(/^\d{4}-\d{2}-01$/);
		const row = (await list(clerk)).rows.find((r) => r.id === a.readingId);
		expect(row?.photo_count).toBe(1);
		expect(await customerMeterPhotos(scratch.db, scoped([a.routeId]), a.id)).toHaveLength(1);
		const [other] = await scratch.sql<{ id: number }[]>`
			select id from route where id <> ${a.routeId} order by id limit 1`;
		expect(await customerMeterPhotos(scratch.db, scoped([other.id]), a.id)).toEqual([]);
	});

	it('refuses every action on a reading of a locked period with a clear message', async () => {
		const [r] = await scratch.sql<{ id: string }[]>`
			select r.id from reading r join reading_period p on p.id = r.period_id
			where p.status = 'locked' and r.kind = 'actual' limit 1`;
		const id = Number(r.id);
		const actions = [
			() => acceptReading(scratch.db, clerk, id, {}),
			() => correctReading(scratch.db, clerk, id, { currentIndex: '1', reason: 'thử sửa' }),
			() => estimateReading(scratch.db, clerk, id, { reason: 'thử ước tính' }),
			() => orderForReading(scratch.db, clerk, id, 'inspection'),
			() => addBackBilling(scratch.db, clerk, id, { volumeM3: 3, reason: 'thử truy thu' })
		];
		for (const action of actions) {
			const e = await refused(action());
			expect(e).toMatchObject({ status: 409, field: 'period' });
			expect(e.reason).toMatch(/đã khóa sổ/);
		}
		const [{ n }] = await scratch.sql<{ n: number }[]>`
			select (select count(*) from back_billing b join reading r on r.customer_id = b.customer_id and r.period_id = b.period_id where r.id = ${id})::int
				+ (select count(*) from work_order where reading_id = ${id})::int as n`;
		expect(n).toBe(0);
	});
});
