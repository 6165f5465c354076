// Readings received as a workbook, against a seeded PostgreSQL: a deliberately broken file
// through upload, parse (preview with consumption and flags), commit (each row recorded as
// the grid records it) and the annotated rejects; the same file again updates; cancel writes
// nothing; route scope; a period that is not open, or locked between preview and commit.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { readingColumns } from '../../src/lib/domain/import/reading-columns.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { commitBatch } from '../../src/lib/server/import/commit.service.ts';
import { findBatch, pageRows } from '../../src/lib/server/import/import.repository.ts';
import {
	batchFor,
	cancelImport,
	recentBatches,
	requestCommit
} from '../../src/lib/server/import/import.service.ts';
import { parseBatch } from '../../src/lib/server/import/parse.service.ts';
import { runImportInThread } from '../../src/lib/server/import/run-in-thread.ts';
import { storagePath } from '../../src/lib/server/import/storage.ts';
import { startReadingsImport } from '../../src/lib/server/readings/import/readings-import.service.ts';
import { writeReadingsTemplate } from '../../src/lib/server/readings/import/template.ts';
import { todayVn } from '../../src/lib/server/readings/import/readings.kind.ts';
import { recordReading } from '../../src/lib/server/readings/readings.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

const H = Object.fromEntries(readingColumns.map((c) => [c.key, c.header])) as Record<
	string,
	string
>;
const sent: [string, number][] = [];

interface Customer {
	id: number;
	code: string;
	serial: string;
	route_id: number;
	previous: number;
}

describe('readings import', () => {
	let scratch: ScratchDb;
	let dir: string;
	let clerk: SessionUser;
	let decId: number;
	let inRoute: Customer[];
	let outside: Customer;
	const today = todayVn();
	const dmy = (iso: string) => iso.split('-').reverse().join('/');

	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'wl-rimport-'));
		(globalThis as Record<symbol, unknown>)[Symbol.for('waterline.boss')] = {
			send: async (queue: string, data: { batchId: number }) =>
				void sent.push([queue, data.batchId])
		};
		process.env.STORAGE_DIR = dir;
		scratch = await createScratchDb('readings_import');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 8, bulk: 'copy' });
		await ensureRoles(scratch.db);
		// November (seeded, fully read) closes; December opens, nothing read yet.
		await scratch.sql`update reading_period set status = 'closed', closed_at = now() where status = 'open'`;
		const [dec] = await scratch.sql<{ id: number }[]>`
			insert into reading_period (period_month) values ('2026-12-01') returning id`;
		decId = dec.id;
		// Active customers with an actual November reading on a 5-digit dial, by route.
		const candidates = await scratch.sql<Customer[]>`
			select c.id, c.code, m.serial, c.route_id, r.current_index::float8 as previous
			from customer c join reading r on r.customer_id = c.id
			join reading_period p on p.id = r.period_id and p.period_month = '2026-11-01'
			join meter m on m.customer_id = c.id and m.status = 'in_service' and m.id = r.meter_id
			where c.status = 'active' and r.kind = 'actual' and m.dial_digits = 5
				and r.current_index < 90000 and c.route_id is not null
			order by c.route_id, c.route_seq`;
		// The route with the most of them: each bad row below names a customer of its own.
		const perRoute = new Map<number, number>();
		for (const c of candidates) perRoute.set(c.route_id, (perRoute.get(c.route_id) ?? 0) + 1);
		const route = [...perRoute].sort((x, y) => y[1] - x[1])[0][0];
		inRoute = candidates.filter((c) => c.route_id === route).slice(0, 14);
		outside = candidates.find((c) => c.route_id !== route)!;
		expect(inRoute).toHaveLength(14);
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('hd.import', 'Hóa đơn nhập', 'billing_clerk', 'x') returning id`;
		await scratch.sql`insert into staff_route_scope (staff_id, route_id) values (${s.id}, ${route})`;
		clerk = {
			id: s.id,
			username: 'hd.import',
			fullName: 'Hóa đơn nhập',
			role: 'billing_clerk',
			permissions: defaultPermissions('billing_clerk'),
			routeIds: [route]
		};
		// One customer already has a December reading: the import overwrites it.
		await recordReading(
			scratch.db,
			clerk,
			{ customerId: inRoute[3].id, index: String(inRoute[3].previous + 2) },
			{ source: 'grid', photo: 'not_required' }
		);
	}, 300_000);
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
		await rm(dir, { recursive: true, force: true });
	});

	async function workbook(rows: Record<string, unknown>[]): Promise<string> {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Chỉ số');
		const keys = readingColumns.map((c) => c.key as string);
		ws.addRow([...keys.map((k) => H[k]), 'Người ghi']);
		for (const r of rows) ws.addRow([...keys.map((k) => r[k] ?? null), 'Bình']);
		const file = path.join(dir, `wb-${Math.random().toString(36).slice(2)}.xlsx`);
		await wb.xlsx.writeFile(file);
		return file;
	}

	async function upload(file: string, user = clerk, periodId: number | null = null) {
		const started = await startReadingsImport(
			scratch.db,
			user,
			createReadStream(file),
			'chi-so.xlsx',
			periodId
		);
		if (!started.ok) throw new Error(started.message);
		expect(sent.at(-1)).toEqual(['import-parse', started.value.batchId]);
		await parseBatch(scratch.db, started.value.batchId);
		return started.value.batchId;
	}

	const counts = async () => {
		const [r] = await scratch.sql<{ readings: number; audits: number }[]>`
			select (select count(*)::int from reading where period_id = ${decId}) as readings,
				(select count(*)::int from audit_log) as audits`;
		return r;
	};

	let brokenFile: string;
	// a–d: the valid rows; e: a customer no row of the broken file names.
	const [a, b, c, d, e] = [0, 1, 2, 3, 13];

	it('previews every row with its outcome, consumption and flags, commits exactly the valid ones, and annotates the rest', async () => {
		const p = (i: number) => inRoute[i].previous;
		const code = (i: number) => inRoute[i].code;
		const rows: Record<string, unknown>[] = [
			// 2: valid, serial given and right, date as dd/mm/yyyy text.
			{ code: code(a), serial: inRoute[a].serial, index: p(a) + 7, readOn: dmy(today) },
			// 3: valid, lower-case code, a Date cell, a spike (+400 m³ over a month).
			{
				code: code(b).toLowerCase(),
				index: String(p(b) + 400).replace('.', ','),
				readOn: new Date(`${today}T00:00:00Z`)
			},
			// 4: not read, by the note's Vietnamese label: estimated from the history.
			{ code: code(c), noteCode: 'Không vào được', note: 'Nhà đóng cửa' },
			// 5: overwrites the reading entered earlier in the period.
			{ code: code(d), index: p(d) + 9, noteCode: 'leak_seen' },
			// 6: unknown code; 7: outside the clerk's routes; 8: another meter's serial.
			{ code: 'KH99999999', index: 1 },
			{ code: outside.code, index: outside.previous + 1 },
			{ code: code(4), serial: 'SERI-KHAC', index: p(4) + 1 },
			// 9: not a number; 10: more digits than the dial; 11: 4 decimals.
			{ code: code(5), index: 'mười hai' },
			{ code: code(6), index: 123456 },
			{ code: code(7), index: '105,1234' },
			// 12: the same customer as row 2.
			{ code: code(a), index: p(a) + 8 },
			// 13: not a date; 14: before the period; 15: in the future.
			{ code: code(8), index: p(8) + 1, readOn: '31/02/2026' },
			{ code: code(9), index: p(9) + 1, readOn: '01/10/2026' },
			{ code: code(10), index: p(10) + 1, readOn: '05/01/2027' },
			// 16: unknown note code; 17: blank index without a note that explains it.
			{ code: code(11), index: p(11) + 1, noteCode: 'Mưa to' },
			{ code: code(12), note: 'quên ghi' }
		];
		const expectedErrors: Record<number, string> = {
			6: H.code,
			7: H.code,
			8: H.serial,
			9: H.index,
			10: H.index,
			11: H.index,
			12: H.code,
			13: H.readOn,
			14: H.readOn,
			15: H.readOn,
			16: H.noteCode,
			17: H.index
		};
		brokenFile = await workbook(rows);
		const before = await counts();
		const batchId = await upload(brokenFile);
		expect(await findBatch(scratch.db, batchId)).toMatchObject({
			kind: 'readings',
			periodId: decId,
			status: 'previewed',
			totalRows: 16,
			createRows: 3,
			updateRows: 1,
			errorRows: 12,
			message: expect.stringContaining('Người ghi')
		});
		const preview = await pageRows(scratch.db, batchId, { offset: 0, limit: 100, action: null });
		expect(
			Object.fromEntries(
				preview.filter((r) => r.action === 'error').map((r) => [r.rowNo, r.errors?.[0].column])
			)
		).toEqual(expectedErrors);
		const reason = (row: number) => preview.find((r) => r.rowNo === row)?.errors?.[0].reason;
		expect(reason(7)).toContain('không thuộc sổ đọc');
		expect(reason(10)).toContain('5 chữ số');
		expect(reason(12)).toContain('dòng 2');
		expect(reason(15)).toContain('chưa đến');
		const data = (row: number) => preview.find((r) => r.rowNo === row)!.data;
		expect(data(2)).toMatchObject({ consumption_m3: 7, flags: [], kind: 'actual' });
		expect(data(3)).toMatchObject({
			consumption_m3: 400,
			flags: ['spike'],
			review_status: 'flagged'
		});
		expect(data(4)).toMatchObject({ kind: 'estimated', index: null, note_code: 'no_access' });
		expect(data(5)).toMatchObject({
			consumption_m3: 9,
			flags: ['field_note'],
			overwrites: { currentIndex: p(d) + 2, source: 'grid' }
		});
		expect(preview.find((r) => r.rowNo === 5)?.action).toBe('update');
		// Nothing is written by the preview.
		expect(await counts()).toEqual(before);

		// Only the clerk who uploaded it (or an unscoped user) sees the batch, and only as readings.
		expect(
			await batchFor(scratch.db, { ...clerk, id: clerk.id + 999 }, batchId, 'readings')
		).toBeNull();
		expect(await batchFor(scratch.db, clerk, batchId)).toBeNull();
		expect((await recentBatches(scratch.db, clerk, 'readings')).map((x) => x.id)).toContain(
			batchId
		);

		expect(await requestCommit(scratch.db, clerk, batchId, 'readings')).toEqual({
			ok: true,
			value: null
		});
		expect(sent.at(-1)).toEqual(['import-commit', batchId]);
		await commitBatch(scratch.db, batchId);
		const done = await findBatch(scratch.db, batchId);
		expect(done).toMatchObject({
			status: 'committed',
			message: expect.stringContaining('Đã ghi 4 chỉ số')
		});

		const stored = await scratch.sql<
			{
				customer_id: number;
				current_index: number | null;
				consumption_m3: number | null;
				kind: string;
				flags: string[];
				review_status: string;
				source: string;
				note: string | null;
				read_on: string;
				entered_by: number;
			}[]
		>`select customer_id, current_index::float8 as current_index, consumption_m3::float8 as consumption_m3,
				kind, flags, review_status, source, note, entered_by,
				(read_at at time zone 'Asia/Ho_Chi_Minh')::date::text as read_on
			from reading where period_id = ${decId} order by customer_id`;
		const of = (i: number) => stored.find((r) => r.customer_id === inRoute[i].id);
		expect(stored).toHaveLength(4);
		expect(of(a)).toMatchObject({
			current_index: p(a) + 7,
			consumption_m3: 7,
			kind: 'actual',
			flags: [],
			source: 'import',
			read_on: today,
			entered_by: clerk.id
		});
		expect(of(b)).toMatchObject({
			consumption_m3: 400,
			flags: ['spike'],
			review_status: 'flagged',
			read_on: today
		});
		expect(of(c)).toMatchObject({
			kind: 'estimated',
			note: 'Nhà đóng cửa',
			consumption_m3: data(4).consumption_m3
		});
		expect(of(d)).toMatchObject({
			current_index: p(d) + 9,
			consumption_m3: 9,
			flags: ['field_note'],
			review_status: 'flagged',
			source: 'import'
		});
		for (const i of [4, 5, 6, 7, 8, 9, 10, 11, 12]) expect(of(i)).toBeUndefined();
		// Flagged readings are in the review list like any other.
		const [{ review }] = await scratch.sql<{ review: number }[]>`
			select count(*)::int as review from reading where period_id = ${decId} and review_status = 'flagged'`;
		expect(review).toBe(2);
		const audits = await scratch.sql<{ entity: string; action: string; n: number }[]>`
			select entity, action, count(*)::int as n from audit_log
			where (entity = 'reading' and new_values->>'source' = 'import') or entity = 'import_batch'
			group by 1, 2 order by 1, 2`;
		expect(audits).toEqual([
			{ entity: 'import_batch', action: 'readings.import', n: 1 },
			{ entity: 'reading', action: 'reading.enter', n: 3 },
			{ entity: 'reading', action: 'reading.reenter', n: 1 }
		]);

		// The rejects: exactly the 12 bad rows, their columns as sent, and Lỗi naming column and reason.
		const rejects = new ExcelJS.Workbook();
		await rejects.xlsx.readFile(storagePath(done!.rejectsStorageKey!));
		const sheet = rejects.worksheets[0];
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		expect(header).toEqual([...readingColumns.map((x) => x.header), 'Người ghi', 'Lỗi']);
		const listed: string[] = [];
		for (let r = 2; r <= sheet.rowCount; r++) {
			const row = sheet.getRow(r);
			listed.push(`${String(row.getCell(1).value)} | ${String(row.getCell(header.length).value)}`);
			expect(row.getCell(header.length - 1).value).toBe('Bình');
		}
		expect(listed).toHaveLength(12);
		const errRows = preview.filter((r) => r.action === 'error');
		expect(listed).toEqual(
			errRows.map(
				(r) =>
					`${String(rows[r.rowNo - 2].code)} | ${r.errors!.map((x) => `${x.column}: ${x.reason}`).join('; ')}`
			)
		);
		const indexRow = sheet.getRow(errRows.findIndex((r) => r.rowNo === 9) + 2);
		const fill = indexRow.getCell(header.indexOf(H.index) + 1).fill as ExcelJS.FillPattern;
		expect(fill?.fgColor?.argb).toBe('FFFFC7CE');
	});

	it('imports the same file again as updates, never a second reading (jobs in their thread)', async () => {
		const started = await startReadingsImport(
			scratch.db,
			clerk,
			createReadStream(brokenFile),
			'lại.xlsx',
			null
		);
		if (!started.ok) throw new Error(started.message);
		const batchId = started.value.batchId;
		const thread = { url: scratch.url, heapMb: parseConfig({}).IMPORT_HEAP_MB };
		await runImportInThread(scratch.db, { queue: 'import-parse', batchId, ...thread });
		expect(await findBatch(scratch.db, batchId)).toMatchObject({
			createRows: 0,
			updateRows: 4,
			errorRows: 12
		});
		expect((await requestCommit(scratch.db, clerk, batchId, 'readings')).ok).toBe(true);
		await runImportInThread(scratch.db, { queue: 'import-commit', batchId, ...thread });
		expect((await findBatch(scratch.db, batchId))?.status).toBe('committed');
		const [{ n, distinct }] = await scratch.sql<{ n: number; distinct: number }[]>`
			select count(*)::int as n, count(distinct customer_id)::int as distinct
			from reading where period_id = ${decId}`;
		expect({ n, distinct }).toEqual({ n: 4, distinct: 4 });
	});

	it('cancel writes nothing, and the customer import cannot see a readings batch', async () => {
		const before = await counts();
		const batchId = await upload(
			await workbook([{ code: inRoute[e].code, index: inRoute[e].previous + 3 }])
		);
		expect((await findBatch(scratch.db, batchId))?.createRows).toBe(1);
		expect((await cancelImport(scratch.db, clerk, batchId)).ok).toBe(false);
		expect(await cancelImport(scratch.db, clerk, batchId, 'readings')).toEqual({
			ok: true,
			value: null
		});
		expect((await findBatch(scratch.db, batchId))?.status).toBe('cancelled');
		expect(await pageRows(scratch.db, batchId, { offset: 0, limit: 10, action: null })).toEqual([]);
		expect((await requestCommit(scratch.db, clerk, batchId, 'readings')).ok).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('refuses an upload without readings.edit, and every row of a period that is not open', async () => {
		const file = await workbook([{ code: inRoute[e].code, index: inRoute[e].previous + 3 }]);
		const viewer = { ...clerk, permissions: defaultPermissions('supervisor') };
		const refused = await startReadingsImport(
			scratch.db,
			viewer,
			createReadStream(file),
			'x.xlsx',
			null
		);
		expect(refused).toMatchObject({ ok: false, status: 403 });
		const [oct] = await scratch.sql<{ id: number }[]>`
			select id from reading_period where period_month = '2026-10-01'`;
		const batchId = await upload(file, clerk, oct.id);
		const [row] = await pageRows(scratch.db, batchId, { offset: 0, limit: 10, action: null });
		expect(row).toMatchObject({
			action: 'error',
			errors: [{ column: 'Kỳ ghi', reason: expect.stringContaining('đã khóa sổ') }]
		});
	});

	it('the template has its instructions and an example row that previews', async () => {
		const file = path.join(dir, 'template.xlsx');
		const out = createWriteStream(file);
		await writeReadingsTemplate(scratch.db, clerk, out, today);
		await finished(out);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(file);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ số', 'Hướng dẫn']);
		expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(
			readingColumns.map((x) => x.header)
		);
		const batchId = await upload(file);
		const rows = await pageRows(scratch.db, batchId, { offset: 0, limit: 10, action: null });
		expect(rows).toHaveLength(1);
		expect(rows[0].errors).toBeNull();
		await cancelImport(scratch.db, clerk, batchId, 'readings');
	});

	it('a period locked between preview and commit fails the commit cleanly and writes nothing', async () => {
		const batchId = await upload(
			await workbook([{ code: inRoute[e].code, index: inRoute[e].previous + 3 }])
		);
		expect((await findBatch(scratch.db, batchId))?.createRows).toBe(1);
		expect((await requestCommit(scratch.db, clerk, batchId, 'readings')).ok).toBe(true);
		await scratch.sql`update reading_period set status = 'locked', closed_at = now(), locked_at = now() where id = ${decId}`;
		const before = await counts();
		await commitBatch(scratch.db, batchId);
		expect(await findBatch(scratch.db, batchId)).toMatchObject({
			status: 'failed',
			message: expect.stringMatching(/chưa có dòng nào được nhập: kỳ ghi 12\/2026 đã khóa sổ/)
		});
		expect(await counts()).toEqual(before);
	});
});
