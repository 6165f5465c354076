// The field reading app's endpoints against a seeded PostgreSQL, called as SvelteKit calls
// them: the sheet keeps to the reader's routes; a reading sent with its photo (multipart) is
// stored with it once, even when the phone sends it again; a photo that is not an image, an
// index with too many digits and a photo over the limit are refused with nothing stored; a
// locked period refuses the reading.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { POST as postReading } from '../../src/routes/api/field/read/readings/+server.ts';
import { GET as getSheet } from '../../src/routes/api/field/read/sheet/+server.ts';

type SheetBody = {
	period: { id: number; month: string };
	choices: { id: number }[];
	routes: {
		id: number;
		customers: {
			id: number;
			startIndex: number | null;
			meter: { dialDigits: number } | null;
			context: unknown;
			reading: unknown;
			history: number[];
		}[];
	}[];
};
type ReadingBody = {
	reading?: { id: number; consumptionM3: number | null; kind: string; flags: string[] };
	replayed?: boolean;
	error?: { field: string; reason: string };
};

/** A JPEG as far as any sniffer can tell: its signature, then filler, `bytes` long. */
const jpeg = (bytes = 2048) => {
	const b = new Uint8Array(bytes).fill(0x11);
	b.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
	return b;
};

describe('field reading app endpoints', () => {
	let scratch: ScratchDb;
	let storageDir: string;
	let reader: SessionUser;
	let routeIds: number[];
	let decId: number;

	const sheetAs = async (user: SessionUser, q = '') => {
		type Event = Parameters<typeof getSheet>[0];
		const res = await getSheet({
			url: new URL(`http://x/api/field/read/sheet${q}`),
			locals: { user }
		} as unknown as Event);
		return { status: res.status, body: (await res.json()) as SheetBody & ReadingBody };
	};

	const send = async (reading: Record<string, unknown>, photo?: File, user = reader) => {
		const form = new FormData();
		form.set('reading', JSON.stringify(reading));
		if (photo) form.set('photo', photo);
		type Event = Parameters<typeof postReading>[0];
		const res = await postReading({
			request: new Request('http://x/api/field/read/readings', { method: 'POST', body: form }),
			locals: { user }
		} as unknown as Event);
		return { status: res.status, body: (await res.json()) as ReadingBody };
	};

	/** Unread customers of the reader's routes with a 5-digit meter, from the sheet. */
	async function unread(n: number) {
		const { body } = await sheetAs(reader);
		return body.routes
			.flatMap((r) => r.customers)
			.filter((c) => !c.reading && c.meter?.dialDigits === 5 && (c.startIndex ?? 0) < 90_000)
			.slice(0, n);
	}

	const counts = async (customerId: number) => {
		const [row] = await scratch.sql<{ readings: number; photos: number }[]>`
			select (select count(*)::int from reading where customer_id = ${customerId} and period_id = ${decId}) as readings,
				(select count(*)::int from attachment where customer_id = ${customerId} and entity = 'reading') as photos`;
		return row;
	};
	const staged = async () =>
		(await readdir(path.join(storageDir, 'tmp')).catch(() => [] as string[])).length;

	beforeAll(async () => {
		storageDir = await mkdtemp(path.join(tmpdir(), 'wl-field-read-'));
		// Read once by config(): the photos go here, and 1 MB is the limit for the 413 case.
		process.env.STORAGE_DIR = storageDir;
		process.env.ATTACHMENT_MAX_MB = '1';
		scratch = await createScratchDb('field_read');
		process.env.DATABASE_URL = scratch.url;
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 6, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const routes = await scratch.sql<{ route_id: number }[]>`
			select route_id from customer where route_id is not null
			group by route_id order by route_id limit 2`;
		routeIds = routes.map((r) => r.route_id);
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('gcs.test', 'Ghi chỉ số', 'field', 'x') returning id`;
		reader = {
			id: s.id,
			username: 'gcs.test',
			fullName: 'Ghi chỉ số',
			role: 'field',
			permissions: defaultPermissions('field'),
			routeIds
		};
		// November (seeded, fully read) closes; December opens, nothing read yet.
		await scratch.sql`update reading_period set status = 'closed', closed_at = now() where status = 'open'`;
		const [dec] = await scratch.sql<{ id: number }[]>`
			insert into reading_period (period_month) values ('2026-12-01') returning id`;
		decId = dec.id;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
		await rm(storageDir, { recursive: true, force: true });
	});

	it("gives a reader their routes' customers in sequence, and nothing of other routes", async () => {
		const { status, body } = await sheetAs(reader);
		expect(status).toBe(200);
		expect(body.period).toEqual({ id: decId, month: '2026-12-01' });
		expect(body.routes.map((r) => r.id)).toEqual(routeIds);
		const [{ n }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from customer where route_id = any(${routeIds}::int[])`;
		const customers = body.routes.flatMap((r) => r.customers);
		expect(customers).toHaveLength(n);
		expect(customers.every((c) => c.reading === null)).toBe(true);
		// What evaluateReading needs on the phone, and the history the screen shows.
		const metered = customers.filter((c) => c.meter);
		expect(metered.length).toBeGreaterThan(0);
		expect(metered.every((c) => c.context !== null && c.startIndex !== null)).toBe(true);
		expect(metered.some((c) => c.history.length === 3)).toBe(true);

		const [other] = await scratch.sql<{ id: number }[]>`
			select id from route where id <> all(${routeIds}::int[]) order by id limit 1`;
		const outside = await sheetAs(reader, `?routeId=${other.id}`);
		expect(outside.status).toBe(404);
		expect(outside.body.error?.field).toBe('routeId');
	});

	it('stores a reading with its photo once, however often the phone sends it', async () => {
		const [c] = await unread(1);
		const reading = {
			customerId: c.id,
			clientKey: randomUUID(),
			index: String((c.startIndex ?? 0) + 12).replace('.', ','),
			readAt: new Date().toISOString(),
			position: { lon: 107.59, lat: 16.46, accuracyM: 6 }
		};
		const photo = () => new File([jpeg()], 'dong-ho.jpg', { type: 'image/jpeg' });
		const first = await send(reading, photo());
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({ replayed: false, reading: { kind: 'actual' } });
		expect(first.body.reading!.consumptionM3).toBe(12);
		expect(first.body.reading!.flags).not.toContain('no_photo');

		const again = await send(reading, photo());
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ replayed: true, reading: { id: first.body.reading!.id } });
		expect(await counts(c.id)).toEqual({ readings: 1, photos: 1 });

		const [file] = await scratch.sql<
			{ entity_id: string; client_key: string; content_type: string; storage_key: string }[]
		>`select entity_id, client_key, content_type, storage_key from attachment
			where entity = 'reading' and customer_id = ${c.id}`;
		expect(file).toMatchObject({
			entity_id: String(first.body.reading!.id),
			client_key: reading.clientKey,
			content_type: 'image/jpeg'
		});
		const onDisk = path.join(
			storageDir,
			'attachments',
			file.storage_key.slice(4, 6),
			file.storage_key
		);
		expect((await stat(onDisk)).size).toBe(2048);
		expect(await staged()).toBe(0);
		// The sheet now shows it read, with its photo.
		const { body } = await sheetAs(reader);
		const row = body.routes.flatMap((r) => r.customers).find((x) => x.id === c.id);
		expect(row?.reading).toMatchObject({ id: first.body.reading!.id, photoCount: 1 });
	});

	it('refuses a photo that is not an image, naming the field and what it is, and stores nothing', async () => {
		const [c] = await unread(1);
		const pdf = new File([new TextEncoder().encode('%PDF-1.4\n' + 'x'.repeat(200))], 'anh.jpg', {
			type: 'image/jpeg'
		});
		const res = await send({ customerId: c.id, clientKey: randomUUID(), index: '1' }, pdf);
		expect(res.status).toBe(415);
		expect(res.body.error?.field).toBe('photo');
		expect(res.body.error?.reason).toMatch(/không phải là ảnh.*PDF/);
		expect(await counts(c.id)).toEqual({ readings: 0, photos: 0 });
		expect(await staged()).toBe(0);
	});

	it('refuses a photo over the size limit (413) with nothing stored', async () => {
		const [c] = await unread(1);
		const big = new File([jpeg(1024 * 1024 + 10)], 'to.jpg', { type: 'image/jpeg' });
		const res = await send({ customerId: c.id, clientKey: randomUUID(), index: '1' }, big);
		expect(res.status).toBe(413);
		expect(res.body.error).toMatchObject({ field: 'photo' });
		expect(res.body.error?.reason).toMatch(/quá lớn.*tối đa 1 MB/);
		expect(await counts(c.id)).toEqual({ readings: 0, photos: 0 });
	});

	it('refuses an index with more digits than the meter has, and its photo with it', async () => {
		const [c] = await unread(1);
		const res = await send(
			{ customerId: c.id, clientKey: randomUUID(), index: '123456' },
			new File([jpeg()], 'a.jpg')
		);
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ field: 'index' });
		expect(res.body.error?.reason).toMatch(/6 chữ số, đồng hồ chỉ có 5/);
		expect(await counts(c.id)).toEqual({ readings: 0, photos: 0 });
		expect(await staged()).toBe(0);
		const word = await send({ customerId: c.id, clientKey: randomUUID(), index: 'abc' });
		expect(word.status).toBe(400);
		expect(word.body.error?.reason).toMatch(/không phải là số/);
	});

	it("refuses a customer outside the reader's routes and a body that is not multipart", async () => {
		const [other] = await scratch.sql<{ id: number }[]>`
			select id from customer where route_id <> all(${routeIds}::int[]) order by id limit 1`;
		const res = await send({ customerId: other.id, clientKey: randomUUID(), index: '5' });
		expect(res.status).toBe(404);
		expect(res.body.error?.field).toBe('customerId');
		type Event = Parameters<typeof postReading>[0];
		const plain = await postReading({
			request: new Request('http://x', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}'
			}),
			locals: { user: reader }
		} as unknown as Event);
		expect(plain.status).toBe(415);
	});

	// Last: a locked period stays locked.
	it('refuses a reading for a locked period with the lock message', async () => {
		const [c] = await unread(1);
		await scratch.sql`update reading_period set status = 'closed', closed_at = now() where id = ${decId}`;
		await scratch.sql`update reading_period set status = 'locked', locked_at = now() where id = ${decId}`;
		const res = await send(
			{ customerId: c.id, periodId: decId, clientKey: randomUUID(), index: '1' },
			new File([jpeg()], 'a.jpg')
		);
		expect(res.status).toBe(409);
		expect(res.body.error).toMatchObject({ field: 'period' });
		expect(res.body.error?.reason).toMatch(/12\/2026 đã khóa sổ/);
		expect(await counts(c.id)).toEqual({ readings: 0, photos: 0 });
		expect(await staged()).toBe(0);
	});
});
