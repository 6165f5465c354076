// Provisional collections against a seeded PostgreSQL: recording once per client key (one
// after another and at the same time), route scope, field-naming refusals, remittance lists
// that take only the reader's own pending collections and fix their total, receipts issued
// once however often the cashier clicks, yearly numbering and totals by payment method.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { sessionCookieName, signIn } from '../../src/lib/server/auth/auth.service.ts';
import {
	collectionsPage,
	confirmRemittance,
	listFilter,
	receiptReport,
	remittanceDetail
} from '../../src/lib/server/collections/cashier.service.ts';
import {
	writeCollectionsXlsx,
	writeReceiptsXlsx
} from '../../src/lib/server/collections/collections-xlsx.ts';
import {
	collectionFilterSchema,
	collectionInputSchema,
	parseCollectionInput
} from '../../src/lib/server/collections/collections.schemas.ts';
import {
	CollectionError,
	readerCollections,
	recordCollection,
	submitRemittance
} from '../../src/lib/server/collections/collections.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { attachRealtime } from '../../src/lib/server/realtime/socket.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

describe('provisional collections', () => {
	let scratch: ScratchDb;
	let routes: number[];
	const users: Record<string, SessionUser> = {};

	async function staff(username: string, role: 'field' | 'cashier', routeIds: number[] | null) {
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values (${username}, ${'NV ' + username}, ${role}, 'x') returning id`;
		return {
			id: s.id,
			username,
			fullName: 'NV ' + username,
			role,
			permissions: defaultPermissions(role),
			routeIds
		} satisfies SessionUser;
	}

	async function customerOf(routeId: number, offset = 0): Promise<number> {
		const [c] = await scratch.sql<{ id: number }[]>`
			select id from customer where route_id = ${routeId} order by id offset ${offset} limit 1`;
		return c.id;
	}

	const body = (customerId: number, amountVnd: unknown, method: unknown = 'cash') => ({
		clientKey: randomUUID(),
		customerId,
		amountVnd,
		method,
		collectedAt: new Date().toISOString()
	});
	const input = (customerId: number, amountVnd: number, method = 'cash') =>
		parseCollectionInput(collectionInputSchema, body(customerId, amountVnd, method));

	async function refused(promise: Promise<unknown>): Promise<CollectionError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(CollectionError);
		return error as CollectionError;
	}
	function refusedNow(run: () => unknown): CollectionError {
		try {
			run();
		} catch (e) {
			expect(e).toBeInstanceOf(CollectionError);
			return e as CollectionError;
		}
		throw new Error('not refused');
	}

	beforeAll(async () => {
		scratch = await createScratchDb('collections');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 7, bulk: 'copy' });
		await ensureRoles(scratch.db);
		routes = (
			await scratch.sql<{ id: number }[]>`
				select route_id as id from customer where route_id is not null
				group by route_id having count(*) >= 5 order by route_id limit 3`
		).map((r) => r.id);
		users.reader = await staff('thu.a', 'field', [routes[0]]);
		users.other = await staff('thu.b', 'field', [routes[1]]);
		users.cashier = await staff('thungan.t', 'cashier', null);
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('records a collection in the open period once, and a replay answers with it', async () => {
		const customerId = await customerOf(routes[0]);
		const payload = input(customerId, 185_000, 'qr');
		const first = await recordCollection(scratch.db, users.reader, payload);
		expect(first.replayed).toBe(false);
		expect(first.collection).toMatchObject({ customerId, amountVnd: 185_000, method: 'qr' });
		const [open] = await scratch.sql<
			{ id: number }[]
		>`select id from reading_period where status = 'open'`;
		expect(first.collection.periodId).toBe(open.id);
		const again = await recordCollection(scratch.db, users.reader, { ...payload, amountVnd: 1 });
		expect(again).toMatchObject({
			replayed: true,
			collection: { id: first.collection.id, amountVnd: 185_000 }
		});
		const [{ n, audits }] = await scratch.sql<{ n: number; audits: number }[]>`
			select (select count(*)::int from provisional_collection where client_key = ${payload.clientKey}) as n,
				(select count(*)::int from audit_log where entity = 'provisional_collection'
					and entity_id = ${String(first.collection.id)}) as audits`;
		expect({ n, audits }).toEqual({ n: 1, audits: 1 });
	});

	it('accepts concurrent replays of one key once', async () => {
		const payload = input(await customerOf(routes[0], 1), 50_000);
		const results = await Promise.all(
			Array.from({ length: 5 }, () => recordCollection(scratch.db, users.reader, payload))
		);
		expect(new Set(results.map((r) => r.collection.id)).size).toBe(1);
		expect(results.filter((r) => !r.replayed)).toHaveLength(1);
	});

	it("refuses a customer outside the reader's routes as not found", async () => {
		const outside = await customerOf(routes[1]);
		const error = await refused(recordCollection(scratch.db, users.reader, input(outside, 10_000)));
		expect(error).toMatchObject({ status: 404, field: 'customerId' });
		expect(error.reason).toContain('tuyến của bạn');
	});

	it('refuses a bad amount, method or time, naming the field in Vietnamese', () => {
		const c = 1;
		for (const [amount, reason] of [
			[0, 'lớn hơn 0'],
			[-1000, 'lớn hơn 0'],
			[1_000_000_001, 'không được quá'],
			[12.5, 'số nguyên'],
			['nhiều', 'phải là một số']
		] as const) {
			const e = refusedNow(() => parseCollectionInput(collectionInputSchema, body(c, amount)));
			expect(e).toMatchObject({ status: 400, field: 'amountVnd' });
			expect(e.reason).toContain(reason);
		}
		expect(
			refusedNow(() => parseCollectionInput(collectionInputSchema, body(c, 1000, 'cheque')))
		).toMatchObject({ field: 'method', reason: expect.stringContaining('hình thức thanh toán') });
		const { amountVnd: _omitted, ...noAmount } = body(c, 1000);
		expect(refusedNow(() => parseCollectionInput(collectionInputSchema, noAmount))).toMatchObject({
			field: 'amountVnd'
		});
		const { customerId: _none, ...noCustomer } = body(c, 1000);
		expect(refusedNow(() => parseCollectionInput(collectionInputSchema, noCustomer))).toMatchObject(
			{
				field: 'customerId',
				reason: 'thiếu mã khách hàng (bắt buộc)'
			}
		);
		expect(
			refusedNow(() =>
				parseCollectionInput(collectionInputSchema, { ...body(c, 1000), clientKey: 'abc' })
			)
		).toMatchObject({ field: 'clientKey' });
	});

	it('refuses a collection dated in the future', async () => {
		const payload = input(await customerOf(routes[0]), 10_000);
		const error = await refused(
			recordCollection(scratch.db, users.reader, {
				...payload,
				collectedAt: new Date(Date.now() + 3_600_000)
			})
		);
		expect(error.field).toBe('collectedAt');
	});

	it("a remittance takes only the reader's own pending collections and fixes its total", async () => {
		// The reader's pending so far: 185,000 (qr) + 50,000 (cash); the other reader has his own.
		await recordCollection(scratch.db, users.other, input(await customerOf(routes[1]), 70_000));
		const theirs = await recordCollection(
			scratch.db,
			users.other,
			input(await customerOf(routes[1], 1), 30_000, 'bank_transfer')
		);
		// Listing someone else's collection is refused, and nothing is remitted.
		const mine = await readerCollections(scratch.db, users.reader);
		expect(mine.pendingTotals).toMatchObject({
			total: 235_000,
			cash: 50_000,
			qr: 185_000,
			count: 2
		});
		const stolen = await refused(
			submitRemittance(scratch.db, users.reader, {
				collectionIds: [mine.pending[0].id, theirs.collection.id]
			})
		);
		expect(stolen).toMatchObject({ status: 409, field: 'collectionIds' });

		const key = randomUUID();
		const submitted = await submitRemittance(scratch.db, users.reader, { clientKey: key });
		expect(submitted.replayed).toBe(false);
		expect(submitted.remittance).toMatchObject({
			status: 'submitted',
			totalVnd: 235_000,
			count: 2,
			readerId: users.reader.id
		});
		expect(submitted.remittance.number).toMatch(/^BK-\d{4}-\d{6}$/);
		// The same submission replayed answers with the same list.
		const replay = await submitRemittance(scratch.db, users.reader, { clientKey: key });
		expect(replay).toMatchObject({ replayed: true, remittance: { id: submitted.remittance.id } });
		// Nothing left: an empty list is refused.
		const empty = await refused(submitRemittance(scratch.db, users.reader, {}));
		expect(empty).toMatchObject({
			field: 'collectionIds',
			reason: expect.stringContaining('trống')
		});
		// The other reader's collections are untouched.
		const [{ n }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from provisional_collection
			where reader_id = ${users.other.id} and remittance_id is null`;
		expect(n).toBe(2);
		// The total is fixed: a later collection goes to the next list.
		await recordCollection(scratch.db, users.reader, input(await customerOf(routes[0], 2), 20_000));
		const [{ total }] = await scratch.sql<{ total: string }[]>`
			select total_vnd as total from remittance where id = ${submitted.remittance.id}`;
		expect(Number(total)).toBe(235_000);
	});

	it('concurrent submissions of all pending make one list', async () => {
		const results = await Promise.allSettled(
			Array.from({ length: 3 }, () => submitRemittance(scratch.db, users.other, {}))
		);
		const made = results.filter((r) => r.status === 'fulfilled');
		expect(made).toHaveLength(1);
		expect(made[0].status === 'fulfilled' && made[0].value.remittance.totalVnd).toBe(100_000);
		for (const r of results)
			if (r.status === 'rejected') expect(r.reason).toMatchObject({ field: 'collectionIds' });
	});

	it('a confirmation issues one receipt even when clicked twice at once', async () => {
		const [pending] = await scratch.sql<{ id: string }[]>`
			select id from remittance where reader_id = ${users.reader.id} and status = 'submitted'`;
		const id = Number(pending.id);
		const results = await Promise.all([
			confirmRemittance(scratch.db, users.cashier, id),
			confirmRemittance(scratch.db, users.cashier, id)
		]);
		expect(results.filter((r) => !r.replayed)).toHaveLength(1);
		const receipt = results[0].remittance.receiptNo;
		expect(receipt).toMatch(/^BN-\d{4}-\d{6}$/);
		expect(results[1].remittance.receiptNo).toBe(receipt);
		expect(results[0].remittance).toMatchObject({
			status: 'confirmed',
			confirmedBy: users.cashier.id
		});
		const [{ receipts, audits }] = await scratch.sql<{ receipts: number; audits: number }[]>`
			select (select last_no from document_counter where kind = 'receipt') as receipts,
				(select count(*)::int from audit_log where entity = 'remittance'
					and entity_id = ${String(id)} and action = 'remittance.confirm') as audits`;
		expect({ receipts, audits }).toEqual({ receipts: 1, audits: 1 });
		const detail = await remittanceDetail(scratch.db, users.cashier, id);
		expect(detail.lines).toHaveLength(2);
		expect(detail.totals).toMatchObject({ cash: 50_000, qr: 185_000, total: 235_000 });
	});

	it('numbering restarts every year (Asia/Ho_Chi_Minh)', async () => {
		await recordCollection(scratch.db, users.other, input(await customerOf(routes[1], 2), 40_000));
		// 17:30 UTC on 31 December is already 1 January in Hanoi.
		const newYear = new Date('2030-12-31T17:30:00Z');
		const list = await submitRemittance(scratch.db, users.other, {}, { now: newYear });
		expect(list.remittance.number).toBe('BK-2031-000001');
		const confirmed = await confirmRemittance(scratch.db, users.cashier, list.remittance.id, {
			now: newYear
		});
		expect(confirmed.remittance.receiptNo).toBe('BN-2031-000001');
		const lastYear = await scratch.sql<{ year: number; last_no: number }[]>`
			select year, last_no from document_counter where kind = 'remittance' order by year`;
		expect(lastYear.at(-1)).toEqual({ year: 2031, last_no: 1 });
		// 2026: the two lists made earlier, numbered without gaps (refused submissions took none).
		expect(lastYear[0].last_no).toBe(2);
		const numbers = await scratch.sql<
			{ number: string }[]
		>`select number from remittance order by number`;
		expect(numbers.map((r) => r.number)).toEqual([
			'BK-2026-000001',
			'BK-2026-000002',
			'BK-2031-000001'
		]);
	});

	it('adds up receipts and collections by payment method, within the viewer scope', async () => {
		const report = await receiptReport(
			scratch.db,
			users.cashier,
			{ from: '2026-01-01', to: '2031-12-31' },
			{}
		);
		expect(report.totals).toMatchObject({ cash: 90_000, qr: 185_000, total: 275_000 });
		expect(report.totals.bank_transfer).toBe(0);
		// 40,000 cash of the other reader, receipted in 2031.
		expect(report.readers.find((r) => r.readerId === users.other.id)?.totals).toMatchObject({
			cash: 40_000,
			total: 40_000
		});
		// Only confirmed receipts count: the other reader's 100,000 list is still submitted.
		const all = await collectionsPage(
			scratch.db,
			users.cashier,
			parseCollectionInput(collectionFilterSchema, {})
		);
		expect(all.totals).toMatchObject({
			total: 395_000,
			cash: 180_000,
			bank_transfer: 30_000,
			count: 6
		});
		const scoped = await collectionsPage(
			scratch.db,
			{ ...users.cashier, routeIds: [routes[1]] },
			parseCollectionInput(collectionFilterSchema, { method: 'cash' })
		);
		expect(scoped.totals).toMatchObject({ total: 110_000, count: 2, qr: 0 });
		expect(scoped.rows.every((r) => r.method === 'cash')).toBe(true);
	});

	it('exports the list and the receipt totals as spreadsheets with VND number cells', async () => {
		async function workbookOf(write: (out: PassThrough) => Promise<unknown>) {
			const out = new PassThrough();
			const chunks: Buffer[] = [];
			out.on('data', (c: Buffer) => chunks.push(c));
			const closed = new Promise((resolve) => out.on('end', resolve));
			await write(out);
			await closed;
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
			return wb;
		}
		const filter = listFilter(users.cashier, parseCollectionInput(collectionFilterSchema, {}));
		const list = await workbookOf((out) => writeCollectionsXlsx(scratch.db, filter, out));
		const sheet = list.worksheets[0];
		expect(sheet.getRow(1).getCell(9).value).toBe('Số tiền (đồng)');
		const amounts = [2, 3, 4, 5, 6, 7].map((n) => sheet.getRow(n).getCell(9).value);
		expect(amounts.every((a) => typeof a === 'number')).toBe(true);
		expect(sheet.getRow(2).getCell(9).numFmt).toBe('#,##0');
		const lastRow = sheet.getRow(sheet.rowCount);
		expect([lastRow.getCell(8).value, lastRow.getCell(9).value]).toEqual(['Tổng cộng', 395_000]);

		const report = await receiptReport(scratch.db, users.cashier, {
			from: '2026-01-01',
			to: '2031-12-31'
		});
		const receipts = await workbookOf((out) => writeReceiptsXlsx(report, out));
		const totals = receipts.getWorksheet('Tổng theo hình thức')!;
		expect(totals.getRow(1).values).toEqual([
			undefined,
			'Nhân viên thu',
			'Tiền mặt',
			'Chuyển khoản',
			'Quét mã QR',
			'Tổng cộng (đồng)',
			'Số khoản thu'
		]);
		const foot = totals.getRow(totals.rowCount);
		expect([foot.getCell(2).value, foot.getCell(4).value, foot.getCell(5).value]).toEqual([
			90_000, 185_000, 275_000
		]);
		expect(receipts.getWorksheet('Biên nhận')!.rowCount).toBe(3);
	});

	it('tells the cashier and the reader over socket.io after each commit', async () => {
		const password = 'long enough pw';
		const readerId = await createStaff(
			scratch.db,
			null,
			{ username: 'ghi.rt', fullName: 'Ghi RT', role: 'field', password },
			[routes[2]]
		);
		await createStaff(scratch.db, null, {
			username: 'thu.rt',
			fullName: 'Thu RT',
			role: 'cashier',
			password
		});
		const cookieOf = async (username: string) => {
			const session = await signIn(
				scratch.db,
				{ username, password, ip: '127.0.0.1', userAgent: null },
				1
			);
			if (!session.ok) throw new Error('sign-in failed');
			return `${sessionCookieName}=${session.token}`;
		};
		const server: Server = createServer();
		attachRealtime(server, scratch.db);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const open = (cookie: string) =>
			new Promise<Socket>((resolve, reject) => {
				const socket = connect(url, {
					transports: ['websocket'],
					reconnection: false,
					extraHeaders: { cookie }
				});
				socket.on('hello', () => resolve(socket));
				socket.on('connect_error', reject);
			});
		const next = (socket: Socket) =>
			new Promise<Record<string, number>>((resolve) => socket.once('collection:changed', resolve));
		const [readerSocket, cashierSocket] = await Promise.all([
			open(await cookieOf('ghi.rt')),
			open(await cookieOf('thu.rt'))
		]);
		try {
			const reader: SessionUser = { ...users.reader, id: readerId, routeIds: [routes[2]] };
			const heard = [next(readerSocket), next(cashierSocket)];
			const { collection } = await recordCollection(
				scratch.db,
				reader,
				input(await customerOf(routes[2]), 15_000)
			);
			for (const ids of await Promise.all(heard))
				expect(ids).toMatchObject({ collectionId: collection.id, readerId });

			const submittedHeard = next(cashierSocket);
			const { remittance } = await submitRemittance(scratch.db, reader, {});
			expect(await submittedHeard).toEqual({ remittanceId: remittance.id, readerId });
			const confirmedHeard = next(readerSocket);
			await confirmRemittance(scratch.db, users.cashier, remittance.id);
			expect(await confirmedHeard).toEqual({ remittanceId: remittance.id, readerId });
		} finally {
			readerSocket.close();
			cashierSocket.close();
			await new Promise((r) => server.close(r));
		}
	});
});
