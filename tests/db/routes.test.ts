// Reading routes against a seeded PostgreSQL: grouped counts and readers, scope, moves (many,
// at the end, after one), insert between with and without a gap, renumber, drag order, the
// field sheet read back with exceljs, and the audit entries each change writes.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import {
	listRoutesPage,
	moveCustomers,
	renumberRoute,
	reorderRoute,
	routeDetail
} from '../../src/lib/server/routes/routes.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { actions } from '../../src/routes/(app)/routes/[id]/+page.server.ts';
import { GET as exportEndpoint } from '../../src/routes/api/routes/[id]/export/+server.ts';

describe('reading routes', () => {
	let scratch: ScratchDb;
	let cs: SessionUser;
	const list = { q: '', sort: 'code' as const, dir: 'asc' as const, page: 1 };

	const seqs = (routeId: number) =>
		scratch.sql<{ id: number; seq: number }[]>`
			select id, route_seq as seq from customer where route_id = ${routeId} order by route_seq`;
	const audits = (entity: string, action: string) =>
		scratch.sql<
			{ entity_id: string; actor_id: number; old_values: unknown; new_values: unknown }[]
		>`
			select entity_id, actor_id, old_values, new_values from audit_log
			where entity = ${entity} and action = ${action} order by id`;
	let used = 0;
	/** Two routes with at least `n` customers each, not used by an earlier test. */
	async function twoRoutes(n = 6): Promise<[number, number]> {
		const rows = await scratch.sql<{ route_id: number }[]>`
			select route_id from customer where route_id is not null
			group by route_id having count(*) >= ${n} order by route_id`;
		const k = used++;
		return [rows[k % rows.length].route_id, rows[(k + 1) % rows.length].route_id];
	}
	async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; reason: string }>) {
		const r = await p;
		if (!r.ok) throw new Error(r.reason);
		return r.value;
	}

	beforeAll(async () => {
		scratch = await createScratchDb('routes');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 1500, seed: 5, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const [staff] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('cskh', 'CSKH', 'customer_service', 'x') returning id`;
		cs = {
			id: staff.id,
			username: 'cskh',
			fullName: 'CSKH',
			role: 'customer_service',
			permissions: defaultPermissions('customer_service'),
			routeIds: null
		};
	}, 120_000);

	afterAll(async () => {
		await closeDb();
		await scratch?.drop();
	});

	it('lists every route with its customer count and field readers, paged and sorted', async () => {
		const [a] = await twoRoutes();
		const readers = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash) values
				('reader-b', 'Bùi Văn B', 'field', 'x'), ('reader-a', 'An Thị A', 'field', 'x'),
				('clerk-x', 'Clerk X', 'billing_clerk', 'x')
			returning id`;
		await scratch.sql`insert into staff_route_scope (staff_id, route_id)
			select id, ${a} from staff where username in ('reader-b', 'reader-a', 'clerk-x')`;
		expect(readers).toHaveLength(3);

		const truth = await scratch.sql<{ id: number; n: number }[]>`
			select r.id, count(c.id)::int as n from route r left join customer c on c.route_id = r.id
			group by r.id`;
		const page = await listRoutesPage(scratch.db, cs, list);
		expect(page.total).toBe(truth.length);
		const seen = new Map<number, number>();
		for (let p = 1; (p - 1) * page.pageSize < page.total; p++)
			for (const r of (await listRoutesPage(scratch.db, cs, { ...list, page: p })).rows)
				seen.set(r.id, r.customers);
		expect(seen).toEqual(new Map(truth.map((t) => [t.id, t.n])));
		const all = await listRoutesPage(scratch.db, cs, { ...list, sort: 'customers', dir: 'desc' });
		for (let i = 1; i < all.rows.length; i++)
			expect(all.rows[i].customers).toBeLessThanOrEqual(all.rows[i - 1].customers);

		const [route] = await scratch.sql<{ code: string; name: string }[]>`
			select code, name from route where id = ${a}`;
		const found = await listRoutesPage(scratch.db, cs, { ...list, q: route.code.toLowerCase() });
		const hit = found.rows.find((r) => r.id === a)!;
		// Diacritics and case do not matter: 'NGUYEN HUE' finds 'Nguyễn Huệ'.
		await scratch.sql`update route set name = 'Tuyến Nguyễn Huệ' where id = ${a}`;
		const folded = await listRoutesPage(scratch.db, cs, { ...list, q: 'NGUYEN HUE' });
		expect(folded.rows.map((r) => r.id)).toContain(a);
		const beyond = await listRoutesPage(scratch.db, cs, { ...list, page: 1000 });
		expect(beyond).toMatchObject({ rows: [], total: truth.length });
		// Field staff only, by name; the billing clerk scoped to the route is not a reader.
		expect(hit.readers).toEqual(['An Thị A', 'Bùi Văn B']);
		expect(hit.customers).toBe(truth.find((t) => t.id === a)!.n);
	});

	it('shows route-scoped users only their routes', async () => {
		const [a, b] = await twoRoutes();
		// Read-only unless the matrix says otherwise: routes.access only.
		const field: SessionUser = {
			...cs,
			role: 'field',
			routeIds: [a],
			permissions: { routes: { ...defaultPermissions('dispatcher').routes! } }
		};
		const page = await listRoutesPage(scratch.db, field, list);
		expect(page.rows.map((r) => r.id)).toEqual([a]);
		expect(page.total).toBe(1);
		expect((await routeDetail(scratch.db, field, b)).ok).toBe(false);
		const detail = await routeDetail(scratch.db, field, a);
		expect(detail.ok && detail.value.targets.map((t) => t.id)).toEqual([a]);
		const moved = await moveCustomers(scratch.db, field, {
			customerIds: [(await seqs(a))[0].id],
			targetRouteId: a,
			afterCustomerId: null
		});
		expect(moved).toMatchObject({ ok: false, status: 403 });
		// Even with edit, a customer of a route outside the scope cannot be moved.
		const editor = { ...field, permissions: defaultPermissions('customer_service') };
		const foreign = await moveCustomers(scratch.db, editor, {
			customerIds: [(await seqs(b))[0].id],
			targetRouteId: a,
			afterCustomerId: null
		});
		expect(foreign).toMatchObject({ ok: false, status: 403, field: 'customerIds' });
	});

	it('moves several customers to the end of another route and audits each move', async () => {
		const [a, b] = await twoRoutes();
		const from = await seqs(a);
		const to = await seqs(b);
		const moving = [from[3].id, from[1].id];
		const result = await ok(
			moveCustomers(scratch.db, cs, {
				customerIds: moving,
				targetRouteId: b,
				afterCustomerId: null
			})
		);
		expect(result).toEqual({ moved: 2, renumbered: false });
		const after = await seqs(b);
		const last = to.at(-1)!.seq;
		const next = (Math.floor(last / 10) + 1) * 10;
		expect(after.slice(-2)).toEqual([
			{ id: moving[0], seq: next },
			{ id: moving[1], seq: next + 10 }
		]);
		expect(after.slice(0, -2)).toEqual(to);
		expect((await seqs(a)).map((c) => c.id)).toEqual(
			from.map((c) => c.id).filter((id) => !moving.includes(id))
		);

		const entries = (await audits('customer', 'route_move')).filter((e) =>
			moving.map(String).includes(e.entity_id)
		);
		expect(entries).toHaveLength(2);
		expect(entries[0]).toMatchObject({
			entity_id: String(moving[0]),
			actor_id: cs.id,
			old_values: { customer_id: moving[0], route_id: a, route_seq: from[3].seq },
			new_values: { customer_id: moving[0], route_id: b, route_seq: next }
		});
	});

	it('moves a customer after a chosen one, into the gap (10, 20 → 15)', async () => {
		const [a, b] = await twoRoutes();
		await ok(renumberRoute(scratch.db, cs, b));
		const to = await seqs(b);
		const mover = (await seqs(a))[0].id;
		await ok(
			moveCustomers(scratch.db, cs, {
				customerIds: [mover],
				targetRouteId: b,
				afterCustomerId: to[0].id
			})
		);
		const after = await seqs(b);
		expect(after[1]).toEqual({ id: mover, seq: 15 });
		expect(after.filter((c) => c.id !== mover)).toEqual(to);
	});

	it('inserts between two customers of the same route, renumbering first when there is no gap', async () => {
		const [a] = await twoRoutes();
		await ok(renumberRoute(scratch.db, cs, a));
		let route = await seqs(a);
		// Last customer to between the first two: takes 15, nobody else changes.
		const last = route.at(-1)!;
		await ok(
			moveCustomers(scratch.db, cs, {
				customerIds: [last.id],
				targetRouteId: a,
				afterCustomerId: route[0].id
			})
		);
		route = await seqs(a);
		expect(route[1]).toEqual({ id: last.id, seq: 15 });
		const [entry] = (await audits('route', 'resequence'))
			.filter((e) => e.entity_id === String(a))
			.slice(-1);
		expect(entry.old_values).toEqual({ sequence: { [last.id]: last.seq } });
		expect(entry.new_values).toEqual({ sequence: { [last.id]: 15 } });
		// Close the gap (10, 11) and insert between them again: no number is left, so the
		// route is renumbered in tens with the new order.
		await scratch.sql`update customer set route_seq = 11 where id = ${route[1].id}`;
		const mover = route.at(-1)!.id;
		const plan = await ok(
			moveCustomers(scratch.db, cs, {
				customerIds: [mover],
				targetRouteId: a,
				afterCustomerId: route[0].id
			})
		);
		expect(plan.renumbered).toBe(true);
		const renumbered = await seqs(a);
		expect(renumbered.map((c) => c.seq)).toEqual(renumbered.map((_, i) => (i + 1) * 10));
		expect(renumbered.map((c) => c.id)).toEqual([
			route[0].id,
			mover,
			...route.slice(1, -1).map((c) => c.id)
		]);
		expect((await audits('route', 'renumber')).some((e) => e.entity_id === String(a))).toBe(true);
	});

	it('renumbers in tens keeping the order, with one audit entry for the route', async () => {
		const [a] = await twoRoutes();
		const before = await seqs(a);
		// Scramble the numbers (keeping the order) so renumbering has work to do.
		await scratch.sql`update customer set route_seq = route_seq * 3 + 1 where route_id = ${a}`;
		const scrambled = await seqs(a);
		const n = (await audits('route', 'renumber')).length;
		const { changed } = await ok(renumberRoute(scratch.db, cs, a));
		const after = await seqs(a);
		expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
		expect(after.map((c) => c.seq)).toEqual(before.map((_, i) => (i + 1) * 10));
		expect(changed).toBe(scrambled.length);
		const entries = await audits('route', 'renumber');
		expect(entries).toHaveLength(n + 1);
		expect(entries.at(-1)).toMatchObject({
			entity_id: String(a),
			old_values: { sequence: { [scrambled[0].id]: scrambled[0].seq } },
			new_values: { sequence: { [scrambled[0].id]: 10 } }
		});
	});

	it('saves a dragged order in one go, and refuses a stale one', async () => {
		const [a] = await twoRoutes();
		await ok(renumberRoute(scratch.db, cs, a));
		const route = await seqs(a);
		const order = route.map((c) => c.id).reverse();
		await ok(reorderRoute(scratch.db, cs, a, order));
		const after = await seqs(a);
		expect(after.map((c) => c.id)).toEqual(order);
		expect(new Set(after.map((c) => c.seq)).size).toBe(after.length);
		// Missing one customer, or one twice: nothing written.
		expect(await reorderRoute(scratch.db, cs, a, order.slice(1))).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await reorderRoute(scratch.db, cs, a, [order[0], ...order.slice(0, -1)])).toMatchObject({
			ok: false
		});
		expect((await seqs(a)).map((c) => c.id)).toEqual(order);
	});

	it('serialises concurrent changes to the same routes (no deadlock, no duplicate numbers)', async () => {
		const [a, b] = await twoRoutes();
		await ok(renumberRoute(scratch.db, cs, b));
		const from = await seqs(a);
		const to = await seqs(b);
		const reordered = to.map((c) => c.id).reverse();
		const outcomes = await Promise.all([
			moveCustomers(scratch.db, cs, {
				customerIds: [from[0].id],
				targetRouteId: b,
				afterCustomerId: to[0].id
			}),
			moveCustomers(scratch.db, cs, {
				customerIds: [from[1].id],
				targetRouteId: b,
				afterCustomerId: to[0].id
			}),
			renumberRoute(scratch.db, cs, a),
			reorderRoute(scratch.db, cs, b, reordered)
		]);
		// The reorder may find the route changed under it (409); the others succeed.
		expect(outcomes.slice(0, 3).every((o) => o.ok)).toBe(true);
		expect(outcomes[3].ok || (outcomes[3] as { status: number }).status === 409).toBe(true);
		const after = await seqs(b);
		expect(after.map((c) => c.id)).toEqual(expect.arrayContaining([from[0].id, from[1].id]));
		expect(after).toHaveLength(to.length + 2);
		for (let i = 1; i < after.length; i++) expect(after[i].seq).toBeGreaterThan(after[i - 1].seq);
	});

	it('form actions name the field at fault and write nothing on bad input', async () => {
		process.env.DATABASE_URL = scratch.url;
		const [a, b] = await twoRoutes();
		const before = await seqs(a);
		const call = (action: keyof typeof actions, fields: [string, string][]) => {
			const body = new FormData();
			for (const [k, v] of fields) body.append(k, v);
			return (actions[action] as (e: unknown) => Promise<unknown>)({
				request: new Request('http://x/', { method: 'POST', body }),
				params: { id: String(a) },
				locals: { user: cs }
			});
		};
		expect(
			await call('move', [
				['customerIds', ''],
				['targetRouteId', String(b)]
			])
		).toMatchObject({
			status: 400,
			data: { field: 'customerIds', reason: 'input' }
		});
		expect(
			await call('move', [
				['customerIds', String(before[0].id)],
				['targetRouteId', String(b)],
				['afterCustomerId', String(before[1].id)]
			])
		).toMatchObject({
			status: 400,
			data: { field: 'afterCustomerId', reason: 'after_not_on_target' }
		});
		expect(await call('reorder', [['order', 'x,1']])).toMatchObject({
			status: 400,
			data: { field: expect.stringContaining('order') }
		});
		expect(await seqs(a)).toEqual(before);
		expect(
			await call('move', [
				['customerIds', `${before[0].id},${before[1].id}`],
				['targetRouteId', String(b)]
			])
		).toMatchObject({ action: 'move', moved: 2 });
	});

	it('exports the route to xlsx in walking order with Vietnamese headers', async () => {
		process.env.DATABASE_URL = scratch.url;
		const [a] = await twoRoutes();
		const route = await seqs(a);
		const res = await exportEndpoint({
			params: { id: String(a) },
			locals: { user: cs }
		} as unknown as Parameters<typeof exportEndpoint>[0]);
		expect(res.headers.get('content-disposition')).toMatch(/so-doc-.*\.xlsx/);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
		const sheet = workbook.worksheets[0];
		expect(sheet.getRow(1).values).toEqual([
			undefined,
			'STT',
			'Mã KH',
			'Tên khách hàng',
			'Địa chỉ',
			'Số seri đồng hồ',
			'Chỉ số kỳ trước',
			'Điện thoại',
			'Ghi chú'
		]);
		const codes = await scratch.sql<{ code: string }[]>`
			select code from customer where route_id = ${a} order by route_seq`;
		const rows: { seq: number; code: string }[] = [];
		sheet.eachRow((row, n) => {
			if (n > 1)
				rows.push({ seq: row.getCell(1).value as number, code: row.getCell(2).value as string });
		});
		expect(rows.map((r) => r.code)).toEqual(codes.map((c) => c.code));
		expect(rows.map((r) => r.seq)).toEqual(route.map((c) => c.seq));
		// Out of scope: 404, as if the route did not exist.
		const field = { ...cs, role: 'field' as const, routeIds: [] };
		await expect(
			exportEndpoint({
				params: { id: String(a) },
				locals: { user: field }
			} as unknown as Parameters<typeof exportEndpoint>[0])
		).rejects.toMatchObject({ status: 404 });
	});
});
