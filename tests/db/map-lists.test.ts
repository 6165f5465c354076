import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { mapFilterLists } from '../../src/lib/server/map/map.lists.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

describe('map filter lists', () => {
	let scratch: ScratchDb;
	beforeAll(async () => {
		scratch = await createScratchDb('map_lists');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 1500, seed: 7, bulk: 'copy' });
	});
	afterAll(() => scratch.drop());

	it('offers everyone every route, and the wards and zones that have customers', async () => {
		const lists = await mapFilterLists(scratch.db, null);
		const [{ routes, wards, zones }] = await scratch.sql<
			{ routes: number; wards: number; zones: number }[]
		>`select (select count(*)::int from route) as routes,
			(select count(distinct ward_id)::int from customer) as wards,
			(select count(*)::int from zone) as zones`;
		expect(lists.routes).toHaveLength(routes);
		expect(lists.wards).toHaveLength(wards);
		expect(lists.zones).toHaveLength(zones);
	});

	it('offers a route-scoped user only their routes and the wards and zones those cover', async () => {
		const [route] = await scratch.sql<{ id: number }[]>`
			select route_id as id from customer where route_id is not null
			group by 1 order by count(*) desc limit 1`;
		const lists = await mapFilterLists(scratch.db, [route.id]);
		expect(lists.routes.map((r) => r.id)).toEqual([route.id]);
		const covered = await scratch.sql<{ ward_id: number; zone_id: number | null }[]>`
			select distinct ward_id, zone_id from customer where route_id = ${route.id}`;
		expect(lists.wards.map((w) => w.id).sort()).toEqual(
			[...new Set(covered.map((c) => c.ward_id))].sort()
		);
		expect(lists.zones.map((z) => z.id).sort()).toEqual(
			[...new Set(covered.map((c) => c.zone_id).filter((z) => z !== null))].sort()
		);
		const [{ n }] = await scratch.sql<{ n: number }[]>`select count(*)::int as n from zone`;
		expect(lists.zones.length).toBeLessThan(n);
		expect(await mapFilterLists(scratch.db, [])).toEqual({ wards: [], zones: [], routes: [] });
	});
});
