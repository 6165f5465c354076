// Meters on a connection against a seeded PostgreSQL: install, replace (indexes, statuses,
// the reading-history rule), seal change, verification, the verification-due list and its
// xlsx, route scope, and the audit entries the customer timeline reads.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import {
	changeSeal,
	connectionMeters,
	dueFilter,
	installMeter,
	installSchema,
	MeterInputError,
	parseInput,
	recordVerification,
	replaceMeter,
	replaceSchema,
	searchMeters,
	verificationDue
} from '../../src/lib/server/meters/meters.service.ts';
import { writeVerificationDueXlsx } from '../../src/lib/server/meters/verification-due-xlsx.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { GET as dueExport } from '../../src/routes/api/meters/verification-due/export/+server.ts';

const today = '2026-11-23';

describe('meters', () => {
	let scratch: ScratchDb;
	let admin: SessionUser;
	const user = (role: SessionUser['role'], routeIds: number[] | null): SessionUser => ({
		id: admin.id,
		username: role,
		fullName: role,
		role,
		permissions: defaultPermissions(role),
		routeIds
	});

	/** A fresh customer without a meter, copied from a seeded one (same ward, zone, place). */
	async function newCustomer(): Promise<{ id: number; routeId: number | null }> {
		const [c] = await scratch.sql<{ id: number; route_id: number | null }[]>`
			insert into customer (name, kind, address, ward_id, geom, zone_id, category)
			select 'Trần Thị Thử', 'individual', address, ward_id, geom, zone_id, 'domestic'
			from customer where zone_id is not null order by id limit 1
			returning id, route_id`;
		return { id: c.id, routeId: c.route_id };
	}

	const install = (serial: string, extra: Record<string, string> = {}) =>
		parseInput(installSchema, {
			serial,
			brand: 'Itron',
			sizeMm: '15',
			dialDigits: '5',
			sealNo: 'NC-1',
			initialIndex: '0',
			installedOn: '2026-01-05',
			installedBy: 'Tổ lắp đặt 1',
			verifiedOn: '2025-12-01',
			verificationDueOn: '2030-12-01',
			...extra
		});

	async function refused(promise: Promise<unknown>): Promise<MeterInputError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(MeterInputError);
		return error as MeterInputError;
	}

	beforeAll(async () => {
		scratch = await createScratchDb('meters');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 400, seed: 5, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const [s] = await scratch.sql<
			{ id: number }[]
		>`insert into staff (username, full_name, role_code, password_hash)
			values ('cskh.test', 'CSKH', 'customer_service', 'x') returning id`;
		admin = {
			id: s.id,
			username: 'admin',
			fullName: 'admin',
			role: 'admin',
			permissions: defaultPermissions('admin'),
			routeIds: null
		};
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('installs a new meter, refuses a second one, a used serial, a too-large index and a future date', async () => {
		const c = await newCustomer();
		const meter = await installMeter(scratch.db, admin, c.id, install('TEST-0001'), today);
		expect(meter).toMatchObject({
			status: 'in_service',
			customer_id: c.id,
			initial_index: '0.000'
		});
		const again = await refused(installMeter(scratch.db, admin, c.id, install('TEST-0002'), today));
		expect(again.message).toContain('TEST-0001');

		const other = await newCustomer();
		const dup = await refused(
			installMeter(scratch.db, admin, other.id, install('TEST-0001'), today)
		);
		expect(dup.field).toBe('serial');
		expect(dup.message).toMatch(/already exists.*unique/);
		const big = await refused(
			installMeter(
				scratch.db,
				admin,
				other.id,
				install('TEST-0003', { initialIndex: '100000' }),
				today
			)
		);
		expect(big).toMatchObject({ field: 'initialIndex' });
		expect(big.message).toContain('5-digit');
		const future = await refused(
			installMeter(
				scratch.db,
				admin,
				other.id,
				install('TEST-0003', { installedOn: '2026-11-24' }),
				today
			)
		);
		expect(future.field).toBe('installedOn');
		// Nothing half-written by the refusals.
		const [n] =
			await scratch.sql`select count(*)::int as n from meter where customer_id = ${other.id}`;
		expect(n.n).toBe(0);

		const [audit] = await scratch.sql`
			select new_values from audit_log where entity = 'meter' and action = 'install' and entity_id = ${String(meter.id)}`;
		expect(audit.new_values).toMatchObject({ customer_id: c.id, serial: 'TEST-0001' });
	});

	it('installs a meter from stock by its serial', async () => {
		await scratch.sql`
			insert into meter (serial, brand, size_mm, dial_digits, status) values ('STOCK-0001', 'Zenner', 20, 6, 'in_stock')`;
		const c = await newCustomer();
		const meter = await installMeter(
			scratch.db,
			admin,
			c.id,
			install('stock-0001', { brand: '', sizeMm: '', dialDigits: '', initialIndex: '123456.5' }),
			today
		);
		expect(meter).toMatchObject({
			serial: 'STOCK-0001',
			brand: 'Zenner',
			size_mm: 20,
			status: 'in_service'
		});
		expect(meter.initial_index).toBe('123456.500');
	});

	it('replaces a meter: final and initial indexes, statuses, history and the next reading', async () => {
		// A seeded customer whose meter has readings.
		const [row] = await scratch.sql<
			{ customer_id: number; meter_id: number; last: string; serial: string }[]
		>`
			select r.customer_id, r.meter_id, m.serial, r.current_index as last
			from reading r join meter m on m.id = r.meter_id and m.status = 'in_service'
			join reading_period p on p.id = r.period_id
			where r.current_index is not null and m.installed_on < '2026-06-01'
			order by p.period_month desc, r.customer_id limit 1`;
		const last = Number(row.last);
		const before = await connectionMeters(scratch.db, admin, row.customer_id);
		expect(before.nextPreviousIndex).toBe(last);

		const input = (final: number, extra: Record<string, unknown> = {}) =>
			parseInput(replaceSchema, {
				oldFinalIndex: String(final),
				replacedOn: '2026-11-20',
				reason: 'Đồng hồ kẹt',
				installedBy: 'Tổ 2',
				newMeter: {
					serial: 'REPL-0001',
					brand: 'Itron',
					sizeMm: '15',
					dialDigits: '5',
					initialIndex: '2.5',
					sealNo: 'NC-9'
				},
				...extra
			});
		const low = await refused(
			replaceMeter(scratch.db, admin, row.customer_id, input(last - 1), today)
		);
		expect(low.field).toBe('oldFinalIndex');
		expect(low.message).toContain(String(last));
		const early = await refused(
			replaceMeter(
				scratch.db,
				admin,
				row.customer_id,
				input(last + 7, { replacedOn: '2000-01-01' }),
				today
			)
		);
		expect(early.message).toContain('before the installation');
		const [read] = await scratch.sql<{ day: string }[]>`
			select (max(read_at) at time zone 'Asia/Ho_Chi_Minh')::date::text as day
			from reading where meter_id = ${row.meter_id}`;
		// Seeded readings carry the time they were read.
		expect(read.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		const dayBefore = new Date(`${read.day}T00:00:00Z`);
		dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
		const beforeRead = await refused(
			replaceMeter(
				scratch.db,
				admin,
				row.customer_id,
				input(last + 7, { replacedOn: dayBefore.toISOString().slice(0, 10) }),
				today
			)
		);
		expect(beforeRead.message).toContain('before the last reading');

		const done = await replaceMeter(scratch.db, admin, row.customer_id, input(last + 7), today);
		const [old] =
			await scratch.sql`select status, customer_id from meter where id = ${row.meter_id}`;
		expect(old).toEqual({ status: 'removed', customer_id: null });
		const [repl] = await scratch.sql`
			select old_meter_id, new_meter_id, old_final_index, new_initial_index, reason
			from meter_replacement where id = ${done.replacementId}`;
		expect(repl).toEqual({
			old_meter_id: row.meter_id,
			new_meter_id: done.newMeter.id,
			old_final_index: (last + 7).toFixed(3),
			new_initial_index: '2.500',
			reason: 'Đồng hồ kẹt'
		});

		const after = await connectionMeters(scratch.db, admin, row.customer_id);
		expect(after.meter?.serial).toBe('REPL-0001');
		// The next reading of the new meter starts from its initial index…
		expect(after.nextPreviousIndex).toBe(2.5);
		// …and the history shows the final/initial pair after the old meter's readings.
		const kinds = after.history.map((e) => e.kind);
		const at = kinds.indexOf('replace');
		expect(at).toBeGreaterThan(kinds.indexOf('reading'));
		expect(after.history[at]).toMatchObject({
			oldSerial: row.serial,
			newSerial: 'REPL-0001',
			oldFinalIndex: last + 7,
			newInitialIndex: 2.5
		});
		expect(kinds.slice(at + 1)).not.toContain('reading');

		// A reading entered later for the new meter: the next one continues from it.
		// November closes and December opens (one period is open at a time).
		await scratch.sql`
			update reading_period set status = 'closed', closed_at = now()
			where status = 'open' and period_month < '2026-12-01'`;
		await scratch.sql`
			insert into reading_period (period_month, status) values ('2026-12-01', 'open')
			on conflict (period_month) do nothing`;
		await scratch.sql`
			insert into reading (period_id, customer_id, meter_id, previous_index, current_index, consumption_m3, read_at)
			select id, ${row.customer_id}, ${done.newMeter.id}, 2.5, 14, 11.5, '2026-12-05T09:00:00+07'
			from reading_period where period_month = '2026-12-01'`;
		const later = await connectionMeters(scratch.db, admin, row.customer_id);
		expect(later.nextPreviousIndex).toBe(14);
		expect(later.history.at(-1)).toMatchObject({
			kind: 'reading',
			serial: 'REPL-0001',
			previousIndex: 2.5
		});

		const audit = await scratch.sql`
			select entity, action, new_values->>'customer_id' as customer from audit_log
			where entity in ('meter', 'meter_replacement') and new_values->>'customer_id' = ${String(row.customer_id)}
			order by id`;
		expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual([
			'meter_replacement:create',
			'meter:remove',
			'meter:install'
		]);

		// A final index below the last reading is recorded when the reason is given.
		const c2 = await newCustomer();
		await installMeter(
			scratch.db,
			admin,
			c2.id,
			install('TEST-0100', { initialIndex: '50' }),
			today
		);
		const rolled = await replaceMeter(
			scratch.db,
			admin,
			c2.id,
			parseInput(replaceSchema, {
				oldFinalIndex: '3',
				belowReason: 'Đồng hồ quay vòng',
				replacedOn: '2026-11-21',
				reason: 'Thay định kỳ',
				newMeter: { serial: 'TEST-0101', brand: 'Itron', sizeMm: '15', initialIndex: '0' }
			}),
			today
		);
		expect(rolled.newMeter.serial).toBe('TEST-0101');
	});

	it('changes the seal and records a verification, both audited and in the history', async () => {
		const c = await newCustomer();
		const meter = await installMeter(scratch.db, admin, c.id, install('SEAL-0001'), today);
		await changeSeal(scratch.db, admin, c.id, { sealNo: 'NC-2', reason: 'Kẹp chì bị đứt' });
		const same = await refused(
			changeSeal(scratch.db, admin, c.id, { sealNo: 'NC-2', reason: 'lại' })
		);
		expect(same.field).toBe('sealNo');
		await recordVerification(
			scratch.db,
			admin,
			c.id,
			{ verifiedOn: '2026-11-01', verificationDueOn: '2031-11-01' },
			today
		);
		const [m] =
			await scratch.sql`select seal_no, verified_on, verification_due_on from meter where id = ${meter.id}`;
		expect(m).toEqual({
			seal_no: 'NC-2',
			verified_on: '2026-11-01',
			verification_due_on: '2031-11-01'
		});
		const [audit] = await scratch.sql`
			select old_values, new_values from audit_log where entity = 'meter' and action = 'seal_change' and entity_id = ${String(meter.id)}`;
		expect(audit).toEqual({
			old_values: { customer_id: c.id, seal_no: 'NC-1' },
			new_values: { customer_id: c.id, seal_no: 'NC-2', reason: 'Kẹp chì bị đứt' }
		});
		const { history } = await connectionMeters(scratch.db, admin, c.id);
		expect(history.map((e) => e.kind)).toEqual(['install', 'verify', 'seal']);
	});

	it('lists meters due for verification, overdue first, scoped, paged and exported', async () => {
		const q = { days: 30, zone: null, route: null, page: 1 };
		const all = await verificationDue(scratch.db, admin, q, today);
		const [expected] = await scratch.sql`
			select count(*)::int as n from meter where status = 'in_service' and verification_due_on <= '2026-12-23'`;
		expect(all.total).toBe(expected.n);
		expect(all.total).toBeGreaterThan(0);
		const dues = all.rows.map((r) => r.verification_due_on!);
		expect(dues).toEqual([...dues].sort());

		const [route] = await scratch.sql<{ route_id: number }[]>`
			select c.route_id from meter m join customer c on c.id = m.customer_id
			where m.status = 'in_service' and m.verification_due_on <= '2026-12-23' and c.route_id is not null
			group by c.route_id order by count(*) desc limit 1`;
		const clerk = user('billing_clerk', [route.route_id]);
		const scoped = await verificationDue(scratch.db, clerk, q, today);
		expect(scoped.total).toBeGreaterThan(0);
		expect(scoped.total).toBeLessThan(all.total);
		const codes = scoped.rows.map((r) => r.customer_code);
		const inRoute = await scratch.sql`
			select code from customer where route_id = ${route.route_id} and code = any(${codes})`;
		expect(inRoute.length).toBe(codes.length);

		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c: Buffer) => chunks.push(c));
		const ended = new Promise((resolve) => out.on('end', resolve));
		const written = await writeVerificationDueXlsx(
			scratch.db,
			dueFilter(clerk, q, today),
			today,
			out
		);
		await ended;
		expect(written).toBe(scoped.total);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const sheet = book.worksheets[0];
		expect(sheet.getRow(1).getCell(1).value).toBe('Số seri');
		expect(sheet.getRow(1).getCell(12).value).toBe('Hạn kiểm định');
		expect(sheet.rowCount).toBe(written + 1);
		const statuses = new Set<string>();
		sheet.eachRow((r, i) => {
			if (i > 1) statuses.add(String(r.getCell(13).value));
		});
		expect([...statuses].every((s) => s === 'Quá hạn' || s === 'Sắp đến hạn')).toBe(true);
	});

	it('keeps scoped staff to their routes', async () => {
		const [c] = await scratch.sql<{ id: number; route_id: number; serial: string }[]>`
			select c.id, c.route_id, m.serial from customer c join meter m on m.customer_id = c.id
			where c.route_id is not null order by c.id limit 1`;
		const [otherRoute] = await scratch.sql<{ id: number }[]>`
			select id from route where id <> ${c.route_id} order by id limit 1`;
		const outsider = user('field', [otherRoute.id]);
		const e = await refused(connectionMeters(scratch.db, outsider, c.id));
		expect(e.status).toBe(404);
		const sealed = await refused(
			changeSeal(scratch.db, outsider, c.id, { sealNo: 'X-1', reason: 'thử' })
		);
		expect(sealed.status).toBe(404);
		expect(await searchMeters(scratch.db, outsider, c.serial)).toEqual([]);
		const insider = user('field', [c.route_id]);
		expect((await searchMeters(scratch.db, insider, c.serial)).map((m) => m.customer_id)).toContain(
			c.id
		);
		expect((await connectionMeters(scratch.db, insider, c.id)).meter?.serial).toBe(c.serial);
	});

	it('streams the export from its endpoint, scoped, and refuses a bad filter', async () => {
		process.env.DATABASE_URL = scratch.url;
		type Event = Parameters<typeof dueExport>[0];
		const event = (query: string, who: SessionUser) =>
			({
				url: new URL(`http://x/api/meters/verification-due/export?${query}`),
				locals: { user: who }
			}) as unknown as Event;
		const res = await dueExport(event('days=3650', admin));
		expect(res.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="dong-ho-den-han-kiem-dinh-\d{8}\.xlsx"$/
		);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const [n] = await scratch.sql`
			select count(*)::int as n from meter
			where status = 'in_service' and verification_due_on <= (now() at time zone 'Asia/Ho_Chi_Minh')::date + 3650`;
		expect(book.worksheets[0].rowCount - 1).toBe(n.n);
		await expect(dueExport(event('days=abc', admin))).rejects.toMatchObject({ status: 400 });
	});
});
