// Attachments through the service against real PostgreSQL and a scratch storage folder:
// streamed upload, kind by content, size limit, route scope, delete, audit.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import {
	AttachmentError,
	deleteAttachment,
	listAttachments,
	openAttachment,
	uploadAttachment
} from '../../src/lib/server/attachments/attachments.service.ts';
import {
	filePath,
	type AttachmentStorage
} from '../../src/lib/server/attachments/attachments.storage.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { GET as downloadEndpoint } from '../../src/routes/attachments/[id]/+server.ts';
import { GET as previewEndpoint } from '../../src/routes/attachments/[id]/preview/+server.ts';
import { POST as uploadEndpoint } from '../../src/routes/api/customers/[id]/attachments/+server.ts';

/** A valid 2×2 RGB PNG, built here so the test owns every byte. */
function tinyPng(): Buffer {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf: Buffer) => {
		let c = 0xffffffff;
		for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const sum = Buffer.alloc(4);
		sum.writeUInt32BE(crc(body));
		return Buffer.concat([len, body, sum]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(2, 0);
	ihdr.writeUInt32BE(2, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const rows = Buffer.from([0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 255, 255, 255]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/** A minimal one-page PDF. */
const tinyPdf = () =>
	Buffer.from(
		'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
			'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
	);

/** The body as a stream of small chunks, as a request body arrives. */
async function* chunked(buf: Buffer, size = 7) {
	for (let i = 0; i < buf.length; i += size) yield new Uint8Array(buf.subarray(i, i + size));
}

const sha = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

describe('attachments', () => {
	let scratch: ScratchDb;
	let storage: AttachmentStorage;
	let admin: SessionUser;
	let clerk: SessionUser;
	let customerId: number;
	let otherRouteCustomerId: number;
	let contractId: number;

	const storedFiles = async () => {
		const root = path.join(storage.dir, 'attachments');
		if (!existsSync(root)) return [];
		const dirs = await readdir(root);
		return (await Promise.all(dirs.map((d) => readdir(path.join(root, d))))).flat();
	};
	const tmpFiles = async () =>
		existsSync(path.join(storage.dir, 'tmp')) ? readdir(path.join(storage.dir, 'tmp')) : [];
	const rowCount = async () =>
		Number((await scratch.sql`select count(*) from attachment`)[0].count);

	beforeAll(async () => {
		scratch = await createScratchDb('attachments');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 5, bulk: 'copy' });
		storage = { dir: await mkdtemp(path.join(os.tmpdir(), 'wl-att-')), maxBytes: 4096 };
		await ensureRoles(scratch.db);
		const [staff] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('att-test', 'Người kiểm thử', 'customer_service', 'x') returning id`;
		admin = {
			id: staff.id,
			username: 'att-test',
			fullName: 'Người kiểm thử',
			role: 'customer_service',
			permissions: defaultPermissions('customer_service'),
			routeIds: null
		};
		const [a, b] = await scratch.sql<{ id: number; route_id: number }[]>`
			select distinct on (route_id) id, route_id from customer
			where route_id is not null order by route_id, id limit 2`;
		customerId = a.id;
		otherRouteCustomerId = b.id;
		clerk = {
			...admin,
			role: 'billing_clerk',
			permissions: defaultPermissions('billing_clerk'),
			routeIds: [a.route_id]
		};
		const [k] = await scratch.sql<{ id: number }[]>`
			insert into contract (customer_id, revision, signed_on) values (${customerId}, 1, '2026-01-05')
			on conflict do nothing returning id`;
		contractId =
			k?.id ??
			(
				await scratch.sql<
					{ id: number }[]
				>`select id from contract where customer_id = ${customerId} limit 1`
			)[0].id;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
		await rm(storage.dir, { recursive: true, force: true });
	});

	it('streams a PNG to disk with its hash, size and kind, and audits the upload', async () => {
		const png = tinyPng();
		const row = await uploadAttachment(
			scratch.db,
			admin,
			{
				customerId,
				entity: 'customer',
				entityId: customerId,
				fileName: '../Ảnh đồng hồ.png',
				body: chunked(png)
			},
			storage
		);
		expect(row).toMatchObject({
			entity: 'customer',
			entityId: customerId,
			customerId,
			fileName: 'Ảnh đồng hồ.png',
			contentType: 'image/png',
			sizeBytes: png.length,
			sha256: sha(png),
			uploadedBy: 'Người kiểm thử'
		});
		expect(row.storageKey).not.toContain('png');
		expect(await readFile(filePath(storage, row.storageKey))).toEqual(png);
		expect(await tmpFiles()).toEqual([]);
		const [audit] = await scratch.sql`
			select actor_id, action, new_values from audit_log
			where entity = 'attachment' and entity_id = ${String(row.id)}`;
		expect(audit).toMatchObject({ actor_id: admin.id, action: 'create' });
		expect(audit.new_values).toMatchObject({
			customer_id: customerId,
			file_name: 'Ảnh đồng hồ.png',
			content_type: 'image/png',
			size_bytes: png.length
		});
	});

	it('attaches a PDF to one of the customer’s contracts, and lists both', async () => {
		const pdf = tinyPdf();
		const row = await uploadAttachment(
			scratch.db,
			admin,
			{
				customerId,
				entity: 'contract',
				entityId: contractId,
				fileName: 'Hợp đồng ký.pdf',
				body: chunked(pdf, 50)
			},
			storage
		);
		expect(row).toMatchObject({
			entity: 'contract',
			entityId: contractId,
			contentType: 'application/pdf'
		});
		expect(row.contractNumber).toMatch(/^KH\d{8}\/\d{2}$/);
		const { attachments, contracts } = await listAttachments(scratch.db, admin, customerId);
		expect(attachments.map((a) => a.fileName)).toEqual(['Hợp đồng ký.pdf', 'Ảnh đồng hồ.png']);
		expect(contracts.map((c) => c.id)).toContain(contractId);
	});

	it('refuses a contract of another customer', async () => {
		await expect(
			uploadAttachment(
				scratch.db,
				admin,
				{
					customerId: otherRouteCustomerId,
					entity: 'contract',
					entityId: contractId,
					fileName: 'x.pdf',
					body: chunked(tinyPdf())
				},
				storage
			)
		).rejects.toMatchObject({ status: 400 });
	});

	it('refuses by content: an EXE or HTML renamed .pdf gets 415 naming what it is, and leaves nothing', async () => {
		const before = { rows: await rowCount(), files: (await storedFiles()).length };
		const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 0x90)]);
		// The refused body is still read to its end, so the client gets the 415 (not a reset).
		let readToEnd = false;
		const body = (async function* () {
			yield* chunked(exe);
			readToEnd = true;
		})();
		const err = await uploadAttachment(
			scratch.db,
			admin,
			{
				customerId,
				entity: 'customer',
				entityId: customerId,
				fileName: 'hop-dong.pdf',
				body
			},
			storage
		).catch((e: unknown) => e);
		expect(readToEnd).toBe(true);
		expect(err).toBeInstanceOf(AttachmentError);
		expect(err).toMatchObject({ status: 415 });
		expect((err as Error).message).toContain('EXE');
		expect((err as Error).message).toContain('hop-dong.pdf');
		await expect(
			uploadAttachment(
				scratch.db,
				admin,
				{
					customerId,
					entity: 'customer',
					entityId: customerId,
					fileName: 'a.pdf',
					body: chunked(Buffer.from('<html><script>x</script>'))
				},
				storage
			)
		).rejects.toThrow(/HTML/);
		expect(await rowCount()).toBe(before.rows);
		expect((await storedFiles()).length).toBe(before.files);
		expect(await tmpFiles()).toEqual([]);
	});

	it('stops an upload past the size limit with 413 and leaves no file and no row', async () => {
		const before = { rows: await rowCount(), files: (await storedFiles()).length };
		const big = Buffer.concat([tinyPdf(), Buffer.alloc(storage.maxBytes, 0x20)]);
		await expect(
			uploadAttachment(
				scratch.db,
				admin,
				{
					customerId,
					entity: 'customer',
					entityId: customerId,
					fileName: 'lon.pdf',
					body: chunked(big, 512)
				},
				storage
			)
		).rejects.toMatchObject({ status: 413 });
		// A declared Content-Length over the limit is refused before a byte is read.
		await expect(
			uploadAttachment(
				scratch.db,
				admin,
				{
					customerId,
					entity: 'customer',
					entityId: customerId,
					fileName: 'lon.pdf',
					body: chunked(big),
					declaredBytes: big.length
				},
				storage
			)
		).rejects.toMatchObject({ status: 413 });
		expect(await rowCount()).toBe(before.rows);
		expect((await storedFiles()).length).toBe(before.files);
		expect(await tmpFiles()).toEqual([]);
	});

	it('keeps route-scoped staff to their routes on list, download, upload and delete', async () => {
		const other = await uploadAttachment(
			scratch.db,
			admin,
			{
				customerId: otherRouteCustomerId,
				entity: 'customer',
				entityId: otherRouteCustomerId,
				fileName: 'cccd.png',
				body: chunked(tinyPng())
			},
			storage
		);
		await expect(openAttachment(scratch.db, clerk, other.id, storage)).rejects.toMatchObject({
			status: 403
		});
		await expect(listAttachments(scratch.db, clerk, otherRouteCustomerId)).rejects.toMatchObject({
			status: 403
		});
		await expect(deleteAttachment(scratch.db, clerk, other.id, storage)).rejects.toMatchObject({
			status: 403
		});
		await expect(
			uploadAttachment(
				scratch.db,
				clerk,
				{
					customerId: otherRouteCustomerId,
					entity: 'customer',
					entityId: otherRouteCustomerId,
					fileName: 'x.png',
					body: chunked(tinyPng())
				},
				storage
			)
		).rejects.toMatchObject({ status: 403 });
		// Their own route's files open.
		const own = (await listAttachments(scratch.db, clerk, customerId)).attachments[0];
		const opened = await openAttachment(scratch.db, clerk, own.id, storage);
		expect(opened.size).toBe(own.sizeBytes);
		expect(existsSync(filePath(storage, other.storageKey))).toBe(true);
	});

	it('deletes the row and the file, and audits the old values', async () => {
		const row = await uploadAttachment(
			scratch.db,
			admin,
			{
				customerId,
				entity: 'customer',
				entityId: customerId,
				fileName: 'xoa.png',
				body: chunked(tinyPng())
			},
			storage
		);
		const file = filePath(storage, row.storageKey);
		expect(existsSync(file)).toBe(true);
		await deleteAttachment(scratch.db, admin, row.id, storage);
		expect(existsSync(file)).toBe(false);
		expect((await scratch.sql`select 1 from attachment where id = ${row.id}`).length).toBe(0);
		const [audit] = await scratch.sql`
			select action, old_values from audit_log
			where entity = 'attachment' and entity_id = ${String(row.id)} and action = 'delete'`;
		expect(audit.old_values).toMatchObject({
			customer_id: customerId,
			file_name: 'xoa.png',
			content_type: 'image/png'
		});
		await expect(deleteAttachment(scratch.db, admin, row.id, storage)).rejects.toMatchObject({
			status: 404
		});
	});

	it('keeps a meter photo: it is the proof of a reading', async () => {
		const [photo] = await scratch.sql<{ id: string }[]>`
			insert into attachment (entity, entity_id, customer_id, file_name, content_type, size_bytes, sha256, storage_key)
			values ('reading', 1, ${customerId}, 'dong-ho.jpg', 'image/jpeg', 10, ${'a'.repeat(64)}, 'reading-photo-test')
			returning id`;
		await expect(
			deleteAttachment(scratch.db, admin, Number(photo.id), storage)
		).rejects.toMatchObject({
			status: 403
		});
		expect((await scratch.sql`select 1 from attachment where id = ${photo.id}`).length).toBe(1);
	});

	describe('endpoints', () => {
		type Event<F extends (...args: never[]) => unknown> = Parameters<F>[0];
		const upload = (id: number, query: string, body: Buffer, headers: Record<string, string>) => {
			const url = new URL(`http://localhost/api/customers/${id}/attachments?${query}`);
			const request = new Request(url, {
				method: 'POST',
				headers,
				body: new ReadableStream({
					start(controller) {
						controller.enqueue(new Uint8Array(body));
						controller.close();
					}
				}),
				duplex: 'half'
			} as RequestInit);
			return uploadEndpoint({
				params: { id: String(id) },
				request,
				url,
				locals: { user: admin }
			} as unknown as Event<typeof uploadEndpoint>);
		};
		const get = (
			endpoint: typeof downloadEndpoint | typeof previewEndpoint,
			id: number,
			user: SessionUser
		) =>
			// Both handlers read only params and locals.
			endpoint({ params: { id: String(id) }, locals: { user } } as never);

		beforeAll(() => {
			process.env.DATABASE_URL = scratch.url;
			process.env.STORAGE_DIR = storage.dir;
		});

		it('uploads a raw body to a contract, then serves it inline and as a download', async () => {
			const pdf = tinyPdf();
			const res = await upload(customerId, `entity=contract&entityId=${contractId}`, pdf, {
				'x-file-name': encodeURIComponent('Hợp đồng "số 1".pdf')
			});
			expect(res.status).toBe(201);
			const created = (await res.json()) as { id: number; contentType: string; fileName: string };
			expect(created).toMatchObject({
				contentType: 'application/pdf',
				fileName: 'Hợp đồng _số 1_.pdf'
			});

			const preview = await get(previewEndpoint, created.id, admin);
			expect(Object.fromEntries(preview.headers)).toMatchObject({
				'content-type': 'application/pdf',
				'content-length': String(pdf.length),
				'x-content-type-options': 'nosniff',
				'content-disposition': expect.stringMatching(
					/^inline; filename="Hop dong _so 1_.pdf"; filename\*=UTF-8''H%E1%BB%A3p/
				)
			});
			expect(preview.headers.get('content-security-policy')).toContain("default-src 'none'");
			expect(Buffer.from(await preview.arrayBuffer())).toEqual(pdf);

			const download = await get(downloadEndpoint, created.id, clerk);
			expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
			await download.body?.cancel();
		});

		it('sandboxes previewed images and refuses bad requests and other routes', async () => {
			const res = await upload(customerId, 'entity=customer', tinyPng(), {
				'x-file-name': 'anh.png'
			});
			const { id } = (await res.json()) as { id: number };
			const preview = await get(previewEndpoint, id, admin);
			expect(preview.headers.get('content-security-policy')).toMatch(/; sandbox$/);
			await preview.body?.cancel();

			await expect(upload(customerId, 'entity=customer', tinyPng(), {})).rejects.toMatchObject({
				status: 400
			});
			await expect(
				upload(customerId, 'entity=contract', tinyPng(), { 'x-file-name': 'a.png' })
			).rejects.toMatchObject({ status: 400 });
			await expect(
				upload(customerId, 'entity=customer', Buffer.from('<svg onload="alert(1)"></svg>'), {
					'x-file-name': 'a.png'
				})
			).rejects.toMatchObject({ status: 415, body: { message: expect.stringContaining('SVG') } });

			const other = await uploadAttachment(
				scratch.db,
				admin,
				{
					customerId: otherRouteCustomerId,
					entity: 'customer',
					entityId: otherRouteCustomerId,
					fileName: 'khac.png',
					body: chunked(tinyPng())
				},
				storage
			);
			await expect(get(previewEndpoint, other.id, clerk)).rejects.toMatchObject({ status: 403 });
			await expect(get(downloadEndpoint, other.id, clerk)).rejects.toMatchObject({ status: 403 });
		});
	});
});
