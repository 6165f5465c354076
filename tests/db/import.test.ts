// Customer import against a seeded PostgreSQL: a deliberately broken workbook through upload,
// parse, preview, commit and the rejects workbook; cancel; a second commit refused.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { importColumns } from '../../src/lib/domain/import/columns.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { commitBatch } from '../../src/lib/server/import/commit.service.ts';
import { findBatch, pageRows } from '../../src/lib/server/import/import.repository.ts';
import {
	cancelImport,
	requestCommit,
	startImport
} from '../../src/lib/server/import/import.service.ts';
import { parseBatch } from '../../src/lib/server/import/parse.service.ts';
import { runImportInThread } from '../../src/lib/server/import/run-in-thread.ts';
import { storagePath } from '../../src/lib/server/import/storage.ts';
import { writeTemplate } from '../../src/lib/server/import/template.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

const H = Object.fromEntries(importColumns.map((c) => [c.key, c.header])) as Record<string, string>;

const sent: [string, number][] = [];

describe('customer import', () => {
	let scratch: ScratchDb;
	let dir: string;
	let admin: SessionUser;
	let ward: { code: string; name: string; lon: number; lat: number };
	let route: { code: string; name: string };
	let existing: { code: string; serial: string };

	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'wl-import-'));
		// The jobs the service sends are recorded; the test runs them itself, in order.
		(globalThis as Record<symbol, unknown>)[Symbol.for('waterline.boss')] = {
			send: async (queue: string, data: { batchId: number }) =>
				void sent.push([queue, data.batchId])
		};
		process.env.STORAGE_DIR = dir;
		scratch = await createScratchDb('import');
		await migrateToLatest(scratch.db);
		await ensureRoles(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 5, bulk: 'copy' });
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('importer', 'Importer', 'admin', 'x') returning id`;
		admin = {
			id: s.id,
			username: 'importer',
			fullName: 'Importer',
			role: 'admin',
			permissions: defaultPermissions('admin'),
			routeIds: null
		};
		const [w] = await scratch.sql<{ code: string; name: string; lon: number; lat: number }[]>`
			select code, name, ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat
			from ward where geom is not null order by id limit 1`;
		ward = w;
		[route] = await scratch.sql<
			{ code: string; name: string }[]
		>`select code, name from route order by id limit 1`;
		[existing] = await scratch.sql<{ code: string; serial: string }[]>`
			select c.code, m.serial from customer c join meter m on m.customer_id = c.id and m.status = 'in_service'
			order by c.id limit 1`;
	}, 300_000);
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
		await rm(dir, { recursive: true, force: true });
	});

	const good = (over: Record<string, unknown> = {}) => ({
		name: 'Trần Thị Bình',
		kind: 'Cá nhân',
		address: '5 Nguyễn Huệ',
		ward: ward.code,
		lon: ward.lon,
		lat: ward.lat,
		phone: '0905 123 456',
		category: 'Sinh hoạt',
		route: route.code,
		...over
	});

	async function workbook(
		rows: Record<string, unknown>[],
		extra = true,
		merge?: string
	): Promise<string> {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Khách hàng');
		const keys = importColumns.map((c) => c.key as string);
		ws.addRow([...keys.map((k) => H[k]), ...(extra ? ['Ghi chú riêng'] : [])]);
		for (const r of rows) ws.addRow([...keys.map((k) => r[k] ?? null), ...(extra ? ['x'] : [])]);
		if (merge) ws.mergeCells(merge);
		// Blank trailing rows a user leaves after the data.
		for (let i = 0; i < 3; i++) ws.addRow(['', null, '  ']);
		const file = path.join(dir, `wb-${Math.random().toString(36).slice(2)}.xlsx`);
		await wb.xlsx.writeFile(file);
		return file;
	}

	async function upload(file: string) {
		const started = await startImport(scratch.db, admin, createReadStream(file), 'tệp.xlsx');
		if (!started.ok) throw new Error(started.message);
		expect(sent.at(-1)).toEqual(['import-parse', started.value.batchId]);
		await parseBatch(scratch.db, started.value.batchId);
		return started.value.batchId;
	}

	it('previews, commits exactly the valid rows, and hands back the bad ones annotated', async () => {
		const nfdName = 'Lê Văn Hùng'.normalize('NFD');
		const rows: Record<string, unknown>[] = [
			// 2: NFD text, ward by name without diacritics, route by name, dates as dd/mm/yyyy text.
			good({
				name: nfdName,
				ward: ward.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd'),
				route: route.name,
				meterSerial: 'IMP-0001',
				meterBrand: 'Itron',
				meterSize: 15,
				meterInstalledOn: '05/03/2025',
				meterInitialIndex: 12.5,
				signedOn: '01/03/2025',
				handoverOn: '05/03/2025',
				installationTeam: 'Đội 1'
			}),
			// 3: dates as an Excel serial number (45000 = 15/03/2023) and as a Date cell.
			good({
				name: 'Phạm Thị Dung',
				meterSerial: 'IMP-0002',
				meterBrand: 'Zenner',
				meterSize: 20,
				meterInstalledOn: 45000,
				signedOn: new Date(Date.UTC(2023, 2, 10))
			}),
			// 4: a formula: its cached result is the name.
			good({ name: { formula: 'UPPER("a")', result: 'Công ty Suối Xanh' }, kind: 'Tổ chức' }),
			// 5: update of an existing customer.
			good({ code: existing.code, name: 'Khách hàng đã cập nhật' }),
			// 6: the same code again in the file.
			good({ code: existing.code }),
			// 7: a code the register does not have.
			good({ code: 'KH99999999' }),
			// 8: unknown ward; 9: unknown route; 10: unknown category.
			good({ ward: 'Phường Không Tồn Tại' }),
			good({ route: 'TUYEN-KHONG-CO' }),
			good({ category: 'Khách sạn năm sao' }),
			// 11: bad phone; 12: outside the service area.
			good({ phone: '12-34' }),
			good({ lon: 105.85, lat: 21.03 }),
			// 13: a serial already in the register; 14: a serial twice in the file (second is bad).
			good({
				meterSerial: existing.serial,
				meterBrand: 'X',
				meterSize: 15,
				meterInstalledOn: '01/01/2025'
			}),
			good({
				meterSerial: 'IMP-0001',
				meterBrand: 'X',
				meterSize: 15,
				meterInstalledOn: '01/01/2025'
			}),
			// 15: a date that is not one.
			good({ signedOn: '31/02/2025' }),
			// 16–17: the ward cell merged over both rows (Excel keeps the value in the top one).
			good({ name: 'Hàng Gộp Một' }),
			good({ name: 'Hàng Gộp Hai', ward: null })
		];
		const expectedErrors: Record<number, string> = {
			6: H.code,
			7: H.code,
			8: H.ward,
			9: H.route,
			10: H.category,
			11: H.phone,
			12: H.lon,
			13: H.meterSerial,
			14: H.meterSerial,
			15: H.signedOn
		};
		const wardCol = String.fromCharCode(65 + importColumns.findIndex((c) => c.key === 'ward'));
		const batchId = await upload(await workbook(rows, true, `${wardCol}16:${wardCol}17`));
		const batch = await findBatch(scratch.db, batchId);
		expect(batch).toMatchObject({
			status: 'previewed',
			totalRows: 16,
			createRows: 5,
			updateRows: 1,
			errorRows: 10
		});
		expect(batch?.message).toContain('Ghi chú riêng');

		const preview = await pageRows(scratch.db, batchId, { offset: 0, limit: 100, action: null });
		const errorsByRow = Object.fromEntries(
			preview.filter((r) => r.action === 'error').map((r) => [r.rowNo, r.errors?.[0].column])
		);
		expect(errorsByRow).toEqual(expectedErrors);
		const reasons = Object.fromEntries(
			preview.filter((r) => r.action === 'error').map((r) => [r.rowNo, r.errors?.[0].reason])
		);
		expect(reasons[6]).toContain('dòng 5');
		expect(reasons[14]).toContain('dòng 2');
		expect(reasons[12]).toContain('ngoài vùng phục vụ');

		const before = await scratch.sql<{ n: number }[]>`select count(*)::int as n from customer`;
		const commit = await requestCommit(scratch.db, admin, batchId);
		expect(commit.ok).toBe(true);
		expect(sent.at(-1)).toEqual(['import-commit', batchId]);
		await commitBatch(scratch.db, batchId);
		const done = await findBatch(scratch.db, batchId);
		expect(done?.status).toBe('committed');
		const after = await scratch.sql<{ n: number }[]>`select count(*)::int as n from customer`;
		expect(after[0].n - before[0].n).toBe(5);
		const merged = await scratch.sql<{ ward: string }[]>`
			select w.code as ward from customer c join ward w on w.id = c.ward_id
			where c.name in ('Hàng Gộp Một', 'Hàng Gộp Hai')`;
		expect(merged).toEqual([{ ward: ward.code }, { ward: ward.code }]);

		const [hung] = await scratch.sql<{ id: number; name: string; route_seq: number }[]>`
			select id, name, route_seq from customer where name = ${'Lê Văn Hùng'.normalize('NFC')}`;
		expect(hung.name).toBe('Lê Văn Hùng'.normalize('NFC'));
		expect(hung.route_seq % 10).toBe(0);
		const meters = await scratch.sql<
			{ serial: string; installed_on: string; initial_index: string }[]
		>`
			select serial, installed_on, initial_index from meter where serial like 'IMP-%' order by serial`;
		expect(meters.map((m) => [m.serial, m.installed_on, Number(m.initial_index)])).toEqual([
			['IMP-0001', '2025-03-05', 12.5],
			['IMP-0002', '2023-03-15', 0]
		]);
		const contracts = await scratch.sql<{ number: string; signed_on: string; code: string }[]>`
			select k.number, k.signed_on, c.code from contract k join customer c on c.id = k.customer_id
			where c.name in (${'Lê Văn Hùng'}, ${'Phạm Thị Dung'}) order by k.signed_on`;
		expect(contracts.map((k) => [k.number, k.signed_on])).toEqual([
			[`${contracts[0].code}/01`, '2023-03-10'],
			[`${contracts[1].code}/01`, '2025-03-01']
		]);
		const [updated] = await scratch.sql<{ name: string }[]>`
			select name from customer where code = ${existing.code}`;
		expect(updated.name).toBe('Khách hàng đã cập nhật');
		const audit = await scratch.sql<{ entity: string; action: string; n: number }[]>`
			select entity, action, count(*)::int as n from audit_log
			where new_values->>'import_batch_id' = ${String(batchId)}
				and new_values ? 'customer_id' group by 1, 2 order by 1, 2`;
		expect(audit).toEqual([
			{ entity: 'contract', action: 'create', n: 2 },
			{ entity: 'customer', action: 'create', n: 5 },
			{ entity: 'customer', action: 'update', n: 1 },
			{ entity: 'meter', action: 'install', n: 2 }
		]);

		// The rejects workbook: exactly the bad rows, original columns, Lỗi naming column and reason.
		expect(done?.rejectsStorageKey).toBeTruthy();
		const rejects = new ExcelJS.Workbook();
		await rejects.xlsx.readFile(storagePath(done!.rejectsStorageKey!));
		const sheet = rejects.worksheets[0];
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		expect(header.at(-1)).toBe('Lỗi');
		expect(header).toContain('Ghi chú riêng');
		const errCol = header.length;
		const listed: Record<string, string> = {};
		for (let r = 2; r <= sheet.rowCount; r++) {
			const row = sheet.getRow(r);
			const text = String(row.getCell(errCol).value ?? '');
			if (!text) continue;
			listed[String(row.getCell(header.indexOf(H.name) + 1).value) + '#' + r] = text;
		}
		expect(Object.keys(listed)).toHaveLength(10);
		const texts = Object.values(listed);
		for (const column of Object.values(expectedErrors))
			expect(texts.some((t) => t.startsWith(`${column}:`))).toBe(true);
		// The faulty cell is highlighted.
		const phoneRow = [...Array(sheet.rowCount).keys()]
			.map((i) => sheet.getRow(i + 1))
			.find((row) => String(row.getCell(errCol).value).startsWith(H.phone));
		const fill = phoneRow?.getCell(header.indexOf(H.phone) + 1).fill as ExcelJS.FillPattern;
		expect(fill?.fgColor?.argb).toBe('FFFFC7CE');

		// A second commit of the same batch is refused.
		const again = await requestCommit(scratch.db, admin, batchId);
		expect(again).toMatchObject({ ok: false, status: 409 });
	});

	it('the template downloads with its instructions sheet, and its example row imports', async () => {
		const file = path.join(dir, 'template.xlsx');
		await writeTemplate(scratch.db, createWriteStream(file));
		await new Promise((r) => setTimeout(r, 200));
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(file);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Khách hàng', 'Hướng dẫn']);
		const batchId = await upload(file);
		const rows = await pageRows(scratch.db, batchId, { offset: 0, limit: 10, action: null });
		expect(rows.map((r) => [r.action, r.errors])).toEqual([['create', null]]);
		await cancelImport(scratch.db, admin, batchId);
	});

	it('cancel writes nothing', async () => {
		const before = await scratch.sql<{ c: number; a: number }[]>`
			select (select count(*)::int from customer) as c, (select count(*)::int from audit_log) as a`;
		const batchId = await upload(await workbook([good({ name: 'Người bị huỷ' })], false));
		expect((await findBatch(scratch.db, batchId))?.createRows).toBe(1);
		const cancelled = await cancelImport(scratch.db, admin, batchId);
		expect(cancelled.ok).toBe(true);
		expect((await findBatch(scratch.db, batchId))?.status).toBe('cancelled');
		const rows = await pageRows(scratch.db, batchId, { offset: 0, limit: 10, action: null });
		expect(rows).toEqual([]);
		expect((await requestCommit(scratch.db, admin, batchId)).ok).toBe(false);
		const after = await scratch.sql<{ c: number; a: number }[]>`
			select (select count(*)::int from customer) as c, (select count(*)::int from audit_log) as a`;
		expect(after).toEqual(before);
	});

	it('runs parse and commit in a worker thread', async () => {
		const id = await uploaded('Phạm Thị Luồng');
		const thread = { url: scratch.url, heapMb: parseConfig({}).IMPORT_HEAP_MB };
		await runImportInThread(scratch.db, { queue: 'import-parse', batchId: id, ...thread });
		expect(await findBatch(scratch.db, id)).toMatchObject({ status: 'previewed', createRows: 1 });
		expect((await requestCommit(scratch.db, admin, id)).ok).toBe(true);
		await runImportInThread(scratch.db, { queue: 'import-commit', batchId: id, ...thread });
		expect((await findBatch(scratch.db, id))?.status).toBe('committed');
		const [made] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from customer where name = 'Phạm Thị Luồng'`;
		expect(made.n).toBe(1);
	});

	it('settles a batch whose thread died instead of leaving it running for ever', async () => {
		// A thread that cannot reach the database dies before the job's own error handling.
		const dead = { url: 'postgres://postgres@127.0.0.1:1/nowhere', heapMb: 192 };
		const died = /tiến trình nhập dừng giữa chừng/;
		const parse = await uploaded('Không đọc được');
		await runImportInThread(scratch.db, { queue: 'import-parse', batchId: parse, ...dead });
		expect(await findBatch(scratch.db, parse)).toMatchObject({
			status: 'failed',
			message: expect.stringMatching(died)
		});
		// A commit: progress 90 is set inside the transaction, so below it nothing was written
		// and from it on the rows were.
		for (const [progress, status] of [
			[40, 'failed'],
			[90, 'committed']
		] as const) {
			const id = await uploaded(`Ghi dở ${progress}`);
			await scratch.sql`update import_batch set status = 'committing', progress = ${progress}
				where id = ${id}`;
			await runImportInThread(scratch.db, { queue: 'import-commit', batchId: id, ...dead });
			expect(await findBatch(scratch.db, id)).toMatchObject({
				status,
				message: expect.stringMatching(died)
			});
		}
	});

	async function uploaded(name: string): Promise<number> {
		const file = await workbook([good({ name })], false);
		const started = await startImport(scratch.db, admin, createReadStream(file), 'luồng.xlsx');
		if (!started.ok) throw new Error(started.message);
		return started.value.batchId;
	}
});
