// The map's customer search against a seeded PostgreSQL: folded text, code, phone and meter
// serial lookups, unsafe input, index use, and route scope.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { parseSearchQuery } from '../../src/lib/domain/search/search-query.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { explainTextSearch } from '../../src/lib/server/map/search.repository.ts';
import { searchForMap } from '../../src/lib/server/map/search.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { GET as searchEndpoint } from '../../src/routes/api/map/search/+server.ts';

const user = (role: SessionUser['role'], routeIds: number[] | null): SessionUser => ({
	id: 1,
	username: role,
	fullName: role,
	role,
	permissions: defaultPermissions(role),
	routeIds
});
const dispatcher = user('dispatcher', null);

/** What a user types without Vietnamese diacritics: 'Nguyễn Đức' → 'nguyen duc'. */
function plain(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase();
}

describe('map search', () => {
	let scratch: ScratchDb;

	async function search(q: string, who = dispatcher) {
		const outcome = await searchForMap(scratch.db, who, q);
		if (!outcome.ok) throw new Error(outcome.message);
		return outcome.results;
	}

	beforeAll(async () => {
		scratch = await createScratchDb('search');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 1500, seed: 5, bulk: 'copy' });
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('finds a seeded Nguyễn by name and street words typed without diacritics', async () => {
		const [c] = await scratch.sql<{ id: number; name: string; address: string }[]>`
			select id, name, address from customer where name like 'Nguyễn %' order by id limit 1`;
		// '12 Lê Lợi, Phường …' → 'le loi'
		const street = c.address.split(',')[0].replace(/^\S+\s/, '');
		const q = `${plain(c.name)} ${plain(street)}`;
		expect(q).not.toBe(`${c.name} ${street}`);
		const results = await search(q);
		expect(results.map((r) => r.id)).toContain(c.id);
		const hit = results.find((r) => r.id === c.id)!;
		expect(hit.name).toBe(c.name);
		expect(hit.address).toBe(c.address);
		expect(typeof hit.lon).toBe('number');
		expect(typeof hit.lat).toBe('number');
		// Every word must match: an unrelated word rules the customer out.
		expect((await search(`${q} xyzzyq`)).map((r) => r.id)).not.toContain(c.id);
	});

	it('folds Đ to d: "duong le loi" finds Đường Lê Lợi', async () => {
		const [ward] = await scratch.sql<{ id: number; geom: string }[]>`
			select ward_id as id, geom::text from customer order by id limit 1`;
		const [added] = await scratch.sql<{ id: number }[]>`
			insert into customer (name, kind, address, ward_id, geom, category)
			values ('Đặng Thị Đào', 'individual', '7 Đường Lê Lợi, Phường Phú Xuân, Thành phố Huế',
				${ward.id}, ${ward.geom}::geometry, 'domestic')
			returning id`;
		const results = await search('dang thi dao duong le loi');
		expect(results[0].id).toBe(added.id);
		expect(results[0].name).toBe('Đặng Thị Đào');
		expect(results[0].meterSerial).toBeNull();
		expect((await search('ĐẶNG THỊ ĐÀO'))[0].id).toBe(added.id);
	});

	it('finds by customer code, exact first, or by prefix in any case', async () => {
		const exact = await search('kh00000012');
		expect(exact[0].code).toBe('KH00000012');
		const prefix = await search('kh0000012');
		expect(prefix).toHaveLength(10);
		for (const r of prefix) expect(r.code.startsWith('KH0000012')).toBe(true);
	});

	it('finds by phone however it is written, and by meter serial', async () => {
		const [c] = await scratch.sql<{ id: number; phone: string }[]>`
			select id, phone from customer where phone like '09%' order by id limit 1`;
		const spaced = `${c.phone.slice(0, 4)} ${c.phone.slice(4, 7)}.${c.phone.slice(7)}`;
		expect((await search(spaced))[0].id).toBe(c.id);
		expect((await search(`+84 ${c.phone.slice(1)}`))[0].id).toBe(c.id);
		const byPrefix = await search(c.phone.slice(0, 8));
		expect(byPrefix.map((r) => r.id)).toContain(c.id);

		const [m] = await scratch.sql<{ customer_id: number; serial: string }[]>`
			select customer_id, serial from meter where status = 'in_service' order by id desc limit 1`;
		const bySerial = await search(m.serial.toLowerCase());
		expect(bySerial[0].id).toBe(m.customer_id);
		expect(bySerial[0].meterSerial).toBe(m.serial);
		const bySerialPrefix = await search(m.serial.slice(0, -2));
		expect(bySerialPrefix.map((r) => r.meterSerial)).toContain(m.serial);
	});

	it('returns nothing for empty input and refuses more than 100 characters', async () => {
		expect(await search('')).toEqual([]);
		expect(await search('   ')).toEqual([]);
		expect(await searchForMap(scratch.db, dispatcher, 'x'.repeat(101))).toEqual({
			ok: false,
			status: 400,
			message: 'q: at most 100 characters'
		});
	});

	it('treats SQL and LIKE wildcards as plain text', async () => {
		expect(await search("'; drop table customer; --")).toEqual([]);
		for (const q of ['%', '_', '\\', '%%', '__', '\\\\', '%a%', 'n_uyen', 'ngu%en'])
			expect(await search(q), q).toEqual([]);
		const [{ n }] = await scratch.sql<{ n: number }[]>`select count(*)::int as n from customer`;
		expect(n).toBeGreaterThan(1500);
	});

	it('can answer the text words from the trigram index', async () => {
		const parsed = parseSearchQuery('nguyen van le loi');
		if (!parsed.ok || !parsed.plan) throw new Error('no plan');
		const plan = parsed.plan;
		const text = await scratch.db.transaction().execute(async (trx) => {
			// 1,500 rows fit a few pages, where a sequential scan is cheaper; forbid it to show
			// the index serves the query (at 20k+ rows the planner picks it by itself).
			await sql`set local enable_seqscan = off`.execute(trx);
			return explainTextSearch(trx, plan, null);
		});
		expect(text).toContain('customer_search_trgm_idx');
	});

	it('shows a route-scoped user only customers of their routes', async () => {
		const [route] = await scratch.sql<{ id: number }[]>`select id from route order by id limit 1`;
		const clerk = user('billing_clerk', [route.id]);
		const results = await search('nguyen', clerk);
		expect(results.length).toBeGreaterThan(0);
		const routes = await scratch.sql<{ route_id: number }[]>`
			select distinct route_id from customer where id = any(${results.map((r) => r.id)}::int[])`;
		expect(routes).toEqual([{ route_id: route.id }]);
		const [outside] = await scratch.sql<{ code: string }[]>`
			select code from customer where route_id <> ${route.id} order by id limit 1`;
		expect(await search(outside.code, clerk)).toEqual([]);
		expect((await search(outside.code))[0].code).toBe(outside.code);
		// Customers without a route are outside every scope.
		expect(await search('dang thi dao', clerk)).toEqual([]);
	});

	it('answers over HTTP with a JSON list, and 400 for a long query', async () => {
		process.env.DATABASE_URL = scratch.url;
		const call = (q: string) =>
			searchEndpoint({
				url: new URL(`http://x/api/map/search?q=${encodeURIComponent(q)}`),
				locals: { user: dispatcher }
			} as unknown as Parameters<typeof searchEndpoint>[0]);
		const res = await call('kh00000012');
		expect(res.status).toBe(200);
		const body = (await res.json()) as { results: { code: string }[] };
		expect(body.results[0].code).toBe('KH00000012');
		await expect(call('y'.repeat(101))).rejects.toMatchObject({
			status: 400,
			body: { message: 'q: at most 100 characters' }
		});
	});
});
