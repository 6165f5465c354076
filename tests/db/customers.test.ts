// The customer register against a seeded PostgreSQL: list paging/sort/filters/search/scope,
// create/edit validation, the immutable code, contacts, status changes, history, deletion
// blocking and bulk delete, and the export holding exactly the filtered list.
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { writeCustomersXlsx } from '../../src/lib/server/customers/customers-xlsx.ts';
import * as service from '../../src/lib/server/customers/customers.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { GET as exportEndpoint } from '../../src/routes/api/customers/export/+server.ts';

let scratch: ScratchDb;
let cskh: SessionUser;
let clerk: SessionUser;
let scopedRoutes: number[];
let ward: { id: number; lon: number; lat: number };

const list = async (user: SessionUser, qs: string) => {
	const r = await service.listPage(scratch.db, user, new URLSearchParams(qs));
	if (!r.ok) throw new Error(r.message);
	return r.value;
};

const form = () => ({
	name: 'Trần Thị Ánh Nguyệt',
	kind: 'individual',
	address: '7 Đặng Thái Thân',
	ward_id: String(ward.id),
	lon: String(ward.lon),
	lat: String(ward.lat),
	category: 'domestic',
	phone: '+84 905 111 222'
});

async function create(extra: Record<string, unknown> = {}) {
	const r = await service.createCustomer(scratch.db, cskh, { ...form(), ...extra });
	if (!r.ok) throw new Error(r.message);
	return r.value;
}

beforeAll(async () => {
	scratch = await createScratchDb('customers');
	await migrateToLatest(scratch.db);
	await seedDatabase(scratch.sql, { customers: 1500, seed: 5, bulk: 'copy' });
	await ensureRoles(scratch.db);
	const [staff] = await scratch.sql<{ id: number }[]>`
		insert into staff (username, full_name, role_code, password_hash)
		values ('cskh-test', 'Chị CSKH', 'customer_service', 'x') returning id`;
	cskh = {
		id: staff.id,
		username: 'cskh-test',
		fullName: 'Chị CSKH',
		role: 'customer_service',
		permissions: defaultPermissions('customer_service'),
		routeIds: null
	};
	const routes = await scratch.sql<{ id: number }[]>`
		select route_id as id from customer where route_id is not null
		group by route_id order by route_id limit 2`;
	scopedRoutes = routes.map((r) => r.id);
	clerk = {
		...cskh,
		role: 'billing_clerk',
		permissions: defaultPermissions('billing_clerk'),
		routeIds: scopedRoutes
	};
	const [w] = await scratch.sql<{ id: number; lon: number; lat: number }[]>`
		select id, ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat
		from ward where geom is not null order by id limit 1`;
	ward = w;
});
afterAll(async () => {
	await closeDb();
	await scratch.drop();
});

describe('customers list', () => {
	it('pages by 50 with a total, sorted by code by default, without overlap', async () => {
		const p1 = await list(cskh, '');
		const p2 = await list(cskh, 'page=2');
		const [{ n }] = await scratch.sql<{ n: string }[]>`select count(*) as n from customer`;
		expect(p1.total).toBe(Number(n));
		expect(p1.rows).toHaveLength(50);
		const codes = [...p1.rows, ...p2.rows].map((r) => r.code);
		expect(codes).toEqual([...codes].sort());
		expect(new Set(codes).size).toBe(100);
	});

	it('sorts by name descending and by route then sequence', async () => {
		const byName = await list(cskh, 'sort=name&dir=desc');
		const names = byName.rows.map((r) => r.name);
		const [{ top }] = await scratch.sql<{ top: string }[]>`select max(name) as top from customer`;
		expect(names[0]).toBe(top);
		const byRoute = await list(cskh, 'sort=route&f=route.eq.' + scopedRoutes[0]);
		const seqs = byRoute.rows.map((r) => r.routeSeq!);
		expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
	});

	it('applies tabs and filter rows, same counts as SQL', async () => {
		const orgs = await list(cskh, 'tab=organization&f=status.ne.cut_off&f=category.ne.domestic');
		const [{ n }] = await scratch.sql<{ n: string }[]>`
			select count(*) as n from customer
			where kind = 'organization' and status <> 'cut_off' and category <> 'domestic'`;
		expect(orgs.total).toBe(Number(n));
		expect(orgs.rows.every((r) => r.kind === 'organization' && r.status !== 'cut_off')).toBe(true);
		const today = new Date().toISOString().slice(0, 10);
		const none = await list(cskh, `f=created.gte.2999-01-01`);
		expect(none.total).toBe(0);
		const all = await list(cskh, `f=created.lte.${today}&f=created.gte.2000-01-01`);
		expect(all.total).toBeGreaterThan(1000);
		const bad = await service.listPage(
			scratch.db,
			cskh,
			new URLSearchParams("f=status.eq.x' or 1=1")
		);
		expect(bad).toMatchObject({ ok: false, status: 400 });
	});

	it('reads creation dates as calendar days in Asia/Ho_Chi_Minh', async () => {
		const { code, id } = await create();
		// 17:30 UTC on 1 March is 00:30 on 2 March in Huế.
		await scratch.sql`update customer set created_at = '2031-03-01T17:30:00Z' where id = ${id}`;
		const on2nd = await list(cskh, 'f=created.gte.2031-03-02&f=created.lte.2031-03-02');
		expect(on2nd.rows.map((r) => r.code)).toEqual([code]);
		expect((await list(cskh, 'f=created.gte.2031-03-01&f=created.lte.2031-03-01')).total).toBe(0);
	});

	it('searches without diacritics and says when a match is in another route', async () => {
		const made = await create({
			name: 'Hoàng Thị Quỳnh Hương',
			route_id: String(scopedRoutes[1]),
			route_seq: '99990'
		});
		const found = await list(cskh, 'q=quynh huong');
		expect(found.rows.map((r) => r.code)).toContain(made.code);
		const narrowed = await list(cskh, `q=quynh huong&f=route.eq.${scopedRoutes[0]}`);
		expect(narrowed.rows.map((r) => r.code)).not.toContain(made.code);
		const [{ code: routeCode }] = await scratch.sql<{ code: string }[]>`
			select code from route where id = ${scopedRoutes[1]}`;
		expect(narrowed.elsewhere).toContainEqual({
			code: made.code,
			name: 'Hoàng Thị Quỳnh Hương',
			route: routeCode
		});
	});

	it('keeps a route-scoped clerk inside their routes', async () => {
		const p = await list(clerk, '');
		const [{ n }] = await scratch.sql<{ n: string }[]>`
			select count(*) as n from customer where route_id = any(${scopedRoutes}::int[])`;
		expect(p.total).toBe(Number(n));
		const [outside] = await scratch.sql<{ id: number }[]>`
			select id from customer where route_id <> all(${scopedRoutes}::int[]) limit 1`;
		expect(await service.loadCustomer(scratch.db, clerk, String(outside.id))).toMatchObject({
			status: 403
		});
		expect(await service.loadCustomer(scratch.db, clerk, 'abc')).toMatchObject({ status: 400 });
		expect(await service.loadCustomer(scratch.db, cskh, '99999999')).toMatchObject({ status: 404 });
	});

	it('exports exactly the filtered list', async () => {
		const qs = 'tab=individual&f=category.eq.poor_household';
		const page = await list(cskh, qs);
		const prepared = await service.prepareList(cskh, new URLSearchParams(qs));
		if (!prepared.ok) throw new Error(prepared.message);
		const chunks: Buffer[] = [];
		const out = new Writable({
			write(chunk, _enc, done) {
				chunks.push(chunk);
				done();
			}
		});
		const written = await writeCustomersXlsx(scratch.db, prepared.value, out);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0];
		expect(written).toBe(page.total);
		expect(sheet.rowCount).toBe(page.total + 1);
		expect(sheet.getRow(1).getCell(1).value).toBe('Mã KH (danh bộ)');
		expect(sheet.getRow(2).getCell(10).value).toBe('Sinh hoạt hộ nghèo');
	});
	it('downloads the export over HTTP for the route-scoped list only', async () => {
		process.env.DATABASE_URL = scratch.url;
		const event = <E>(qs: string, who: SessionUser) =>
			({
				url: new URL(`http://x/api/customers/export${qs}`),
				locals: { user: who }
			}) as unknown as E;
		const res = await exportEndpoint(event('?sort=name', clerk));
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="khach-hang-\d{4}-\d{2}-\d{2}\.xlsx"$/
		);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const [{ n }] = await scratch.sql<{ n: string }[]>`
			select count(*) as n from customer where route_id = any(${scopedRoutes}::int[])`;
		expect(wb.worksheets[0].rowCount - 1).toBe(Number(n));
		await expect(exportEndpoint(event('?f=route.eq.x', cskh))).rejects.toMatchObject({
			status: 400
		});
	});
});

describe('create and edit', () => {
	it('creates with a generated code, normalised phone, and an audit entry', async () => {
		const { id, code } = await create();
		expect(code).toMatch(/^KH\d{8}$/);
		const [c] = await scratch.sql`select phone, status from customer where id = ${id}`;
		expect(c).toEqual({ phone: '0905111222', status: 'active' });
		const [a] = await scratch.sql`select action, new_values from audit_log
			where entity = 'customer' and entity_id = ${String(id)}`;
		expect(a.action).toBe('create');
		expect(a.new_values).toMatchObject({ code, phone: '0905111222' });
	});

	it('refuses bad input with a message per field and writes nothing', async () => {
		const [{ n: before }] = await scratch.sql`select count(*) as n from customer`;
		const r = await service.createCustomer(scratch.db, cskh, {
			...form(),
			name: '',
			phone: '12',
			lon: '100',
			payment_method: 'bank_transfer'
		});
		expect(r).toMatchObject({ ok: false, status: 400 });
		if (r.ok) return;
		expect(Object.keys(r.errors!).sort()).toEqual([
			'bank_account',
			'bank_name',
			'lon',
			'name',
			'phone'
		]);
		const [{ n: after }] = await scratch.sql`select count(*) as n from customer`;
		expect(after).toBe(before);
		const dup = await service.createCustomer(scratch.db, cskh, { ...form(), ward_id: '999999' });
		expect(dup).toMatchObject({
			ok: false,
			errors: { ward_id: expect.stringMatching(/^ward_id: /) }
		});
	});

	it('edits with old → new in the audit log; the code cannot change', async () => {
		const { id, code } = await create();
		const r = await service.editCustomer(scratch.db, cskh, id, {
			...form(),
			phone: '0914000111',
			payment_method: 'bank_transfer',
			bank_account: '0071000123456',
			bank_name: 'Vietcombank',
			code: 'KH99999999'
		});
		expect(r).toEqual({
			ok: true,
			value: { changed: ['phone', 'payment_method', 'bank_account', 'bank_name'] }
		});
		const [c] =
			await scratch.sql`select code, phone, payment_method from customer where id = ${id}`;
		expect(c).toEqual({ code, phone: '0914000111', payment_method: 'bank_transfer' });
		const [a] = await scratch.sql`select old_values, new_values from audit_log
			where entity = 'customer' and entity_id = ${String(id)} and action = 'update'`;
		expect(a.old_values).toMatchObject({ phone: '0905111222', payment_method: 'cash' });
		expect(a.new_values).toMatchObject({ phone: '0914000111', payment_method: 'bank_transfer' });
		await expect(
			scratch.sql`update customer set code = 'KH99999999' where id = ${id}`
		).rejects.toThrow(/immutable/);
	});
});

describe('contacts, status changes and history', () => {
	it('adds, edits and removes contacts, audited with the customer id', async () => {
		const { id } = await create();
		const added = await service.saveContact(scratch.db, cskh, id, null, {
			name: 'Anh Bình',
			relation: 'Con trai',
			phone: '0905 222 333'
		});
		if (!added.ok) throw new Error(added.message);
		const bad = await service.saveContact(scratch.db, cskh, id, null, { name: 'X' });
		expect(bad).toMatchObject({ ok: false, errors: { contact_phone: expect.any(String) } });
		await service.saveContact(scratch.db, cskh, id, added.value.id, {
			name: 'Anh Bình',
			relation: 'Con trai',
			phone: '0905222444'
		});
		let rows =
			await scratch.sql`select name, phone from customer_contact where customer_id = ${id}`;
		expect(rows).toEqual([{ name: 'Anh Bình', phone: '0905222444' }]);
		await service.saveContact(scratch.db, cskh, id, added.value.id, null, true);
		rows = await scratch.sql`select 1 from customer_contact where customer_id = ${id}`;
		expect(rows).toHaveLength(0);
		const h = await service.timeline(scratch.db, id, 1);
		expect(h.events.map((e) => e.title)).toEqual([
			'Xóa người liên hệ Anh Bình',
			'Sửa người liên hệ Anh Bình',
			'Thêm người liên hệ Anh Bình',
			expect.stringMatching(/^Tạo khách hàng KH/)
		]);
	});

	it('suspends, cuts off and reconnects with reason and date, in one transaction with audit', async () => {
		const { id } = await create();
		const noReason = await service.changeStatus(scratch.db, cskh, id, {
			action: 'suspend',
			reason: '',
			effective_on: '2026-11-20'
		});
		expect(noReason).toMatchObject({ ok: false, errors: { reason: expect.any(String) } });
		expect(
			await service.changeStatus(scratch.db, cskh, id, {
				action: 'reconnect',
				reason: 'Mở lại',
				effective_on: '2026-11-20'
			})
		).toMatchObject({ ok: false, status: 409 });
		await service.changeStatus(scratch.db, cskh, id, {
			action: 'suspend',
			reason: 'Nhà đi vắng',
			effective_on: '2026-11-20'
		});
		await service.changeStatus(scratch.db, cskh, id, {
			action: 'cut_off',
			reason: 'Nợ 3 kỳ',
			effective_on: '2026-11-21'
		});
		const r = await service.changeStatus(scratch.db, cskh, id, {
			action: 'reconnect',
			reason: 'Đã thanh toán',
			effective_on: '2026-11-22'
		});
		expect(r).toEqual({ ok: true, value: { status: 'active' } });
		const changes =
			await scratch.sql`select action, from_status, to_status, reason from customer_status_change
			where customer_id = ${id} order by id`;
		expect(changes.map((c) => `${c.action}:${c.from_status}>${c.to_status}`)).toEqual([
			'suspend:active>suspended',
			'cut_off:suspended>cut_off',
			'reconnect:cut_off>active'
		]);
		const h = await service.timeline(scratch.db, id, 1);
		expect(h.events.slice(0, 3).map((e) => [e.title, e.details])).toEqual([
			['Mở lại từ ngày 22/11/2026', ['Lý do: Đã thanh toán']],
			['Cắt nước từ ngày 21/11/2026', ['Lý do: Nợ 3 kỳ']],
			['Tạm ngưng từ ngày 20/11/2026', ['Lý do: Nhà đi vắng']]
		]);
		expect(h.events[0].actor).toBe('Chị CSKH');
	});

	it('shows entries of other engineers (meter, contract) that carry customer_id', async () => {
		const { id } = await create();
		await scratch.sql`insert into audit_log (entity, entity_id, action, new_values)
			values ('meter', '1', 'install', ${scratch.sql.json({ customer_id: id, serial: 'SER-1' })}),
				('contract', '1', 'create', ${scratch.sql.json({ customer_id: id, number: 'KH/01', revision: 1 })})`;
		const h = await service.timeline(scratch.db, id, 1);
		expect(h.events.map((e) => e.title)).toEqual(
			expect.arrayContaining(['Lắp đồng hồ SER-1', 'Ký hợp đồng KH/01'])
		);
	});
});

describe('deletion', () => {
	it('names what blocks a deletion, deletes the others, keeps the audit entry', async () => {
		const blocked = await create();
		await scratch.sql`insert into contract (customer_id, revision, signed_on)
			values (${blocked.id}, 1, '2024-01-01')`;
		await scratch.sql`insert into work_order (number, type, customer_id)
			values ('PCT-2026-990001', 're_read', ${blocked.id}), ('PCT-2026-990002', 're_read', ${blocked.id})`;
		const free = await create();
		const [meter] = await scratch.sql<{ id: number }[]>`
			insert into meter (serial, brand, size_mm, status, customer_id, zone_id, installed_on)
			values ('DEL-TEST-1', 'Itron', 15, 'in_service', ${free.id}, (select id from zone limit 1), '2026-01-01')
			returning id`;
		const r = await service.deleteCustomers(scratch.db, cskh, [blocked.id, free.id]);
		if (!r.ok) throw new Error(r.message);
		expect(r.value.deleted).toEqual([free.code]);
		expect(r.value.blocked).toHaveLength(1);
		expect(r.value.blocked[0].message).toBe(
			`Không thể xóa ${blocked.code}: có 1 hợp đồng, 2 phiếu công tác`
		);
		expect(await scratch.sql`select 1 from customer where id = ${free.id}`).toHaveLength(0);
		expect(await scratch.sql`select 1 from customer where id = ${blocked.id}`).toHaveLength(1);
		const [m] = await scratch.sql`select status, customer_id from meter where id = ${meter.id}`;
		expect(m).toEqual({ status: 'in_stock', customer_id: null });
		const audit = await scratch.sql`select entity, action from audit_log
			where (entity = 'customer' and entity_id = ${String(free.id)})
				or (entity = 'meter' and entity_id = ${String(meter.id)}) order by id`;
		expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual([
			'customer:create',
			'meter:detach',
			'customer:delete'
		]);
	});

	it('names invoices first, with their count', async () => {
		const { id, code } = await create();
		const [period] = await scratch.sql<{ id: number }[]>`
			insert into reading_period (period_month, status, closed_at) values ('2031-01-01', 'closed', now())
			on conflict (period_month) do update set status = reading_period.status returning id`;
		// One period may be open at a time: these billed ones are closed.
		const [period2] = await scratch.sql<{ id: number }[]>`
			insert into reading_period (period_month, status, closed_at) values ('2031-02-01', 'closed', now())
			on conflict (period_month) do update set status = reading_period.status returning id`;
		for (const [k, p] of [period.id, period2.id].entries())
			await scratch.sql`insert into invoice (customer_id, period_id, series, invoice_year, number,
					issued_on, consumption_m3, water_amount_vnd, vat_vnd, env_fee_vnd, total_vnd)
				values (${id}, ${p}, '1C31TAA', 2031, ${900000 + k}, '2031-02-05', 10, 100000, 5000, 10000, 115000)`;
		await scratch.sql`insert into contract (customer_id, revision, signed_on) values (${id}, 1, '2030-01-01')`;
		const r = await service.deleteCustomers(scratch.db, cskh, [id]);
		expect(r).toEqual({
			ok: true,
			value: {
				deleted: [],
				blocked: [{ code, message: `Không thể xóa ${code}: có 2 hóa đơn, 1 hợp đồng` }]
			}
		});
	});

	it('bulk deletes several at once; a scoped clerk cannot delete outside their routes', async () => {
		const a = await create();
		const b = await create();
		const r = await service.deleteCustomers(scratch.db, cskh, [a.id, b.id]);
		expect(r).toEqual({ ok: true, value: { deleted: [a.code, b.code], blocked: [] } });
		const c = await create();
		expect(await service.deleteCustomers(scratch.db, clerk, [c.id])).toMatchObject({
			ok: false,
			status: 403
		});
		expect(await scratch.sql`select 1 from customer where id = ${c.id}`).toHaveLength(1);
	});
});
