import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { tileAt } from '../../src/lib/domain/map/tile-math.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import * as repo from '../../src/lib/server/map/map.repository.ts';
import { summaryFor, tileFor } from '../../src/lib/server/map/map.service.ts';
import { encodeTile } from '../../src/lib/server/map/tile-encoding.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

function decode(bytes: Uint8Array) {
	return new VectorTile(new PbfReader(bytes));
}

const user = (role: SessionUser['role'], routeIds: number[] | null): SessionUser => ({
	id: 1,
	username: role,
	fullName: role,
	role,
	permissions: defaultPermissions(role),
	routeIds
});

describe('vector tiles', () => {
	let scratch: ScratchDb;
	let centre: { lon: number; lat: number };

	beforeAll(async () => {
		scratch = await createScratchDb('tiles');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 1500, seed: 5, bulk: 'copy' });
		const summary = await summaryFor(scratch.db, user('dispatcher', null));
		const [x0, y0, x1, y1] = summary.bbox!;
		centre = { lon: (x0 + x1) / 2, lat: (y0 + y1) / 2 };
	});
	afterAll(() => scratch.drop());

	it('serves customers with the attributes the styles need at street zoom', async () => {
		const tile = decode(
			await tileFor(scratch.db, user('dispatcher', null), {
				layer: 'customers',
				...tileAt(centre.lon, centre.lat, 15)
			})
		);
		const layer = tile.layers.customers;
		expect(layer.length).toBeGreaterThan(0);
		const props = layer.feature(0).properties;
		expect(props.code).toMatch(/^KH\d{8}$/);
		expect(props).toHaveProperty('category');
		expect(props).toHaveProperty('status');
	});

	it('aggregates customers into counted cells at low zoom', async () => {
		const tile = decode(
			await tileFor(scratch.db, user('dispatcher', null), {
				layer: 'customers',
				...tileAt(centre.lon, centre.lat, 10)
			})
		);
		const layer = tile.layers.customers;
		let total = 0;
		for (let i = 0; i < layer.length; i++) total += Number(layer.feature(i).properties.count);
		expect(layer.length).toBeLessThan(1500);
		expect(total).toBe(1500);
	});

	it('shows a route-scoped user only the customers of their routes', async () => {
		const routes = await scratch.db
			.selectFrom('route')
			.select('id')
			.orderBy('id')
			.limit(1)
			.execute();
		const inRoute = await scratch.db
			.selectFrom('customer')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('route_id', '=', routes[0].id)
			.executeTakeFirstOrThrow();
		const tile = decode(
			await tileFor(scratch.db, user('billing_clerk', [routes[0].id]), {
				layer: 'customers',
				...tileAt(centre.lon, centre.lat, 10)
			})
		);
		let total = 0;
		for (let i = 0; i < tile.layers.customers.length; i++)
			total += Number(tile.layers.customers.feature(i).properties.count);
		expect(total).toBe(Number(inRoute.n));
		expect(total).toBeLessThan(1500);
	});

	it('encodes the same features in Node as PostGIS does, for builds without ST_AsMVT', async () => {
		for (const layer of ['zones', 'master-meters', 'customers'] as const) {
			const req = { layer, ...tileAt(centre.lon, centre.lat, 15), routeIds: null };
			const fromPostgis = decode(await repo.mvtTile(scratch.db, req)).layers[
				repo.tileLayerNames[layer]
			];
			const fromNode = decode(
				encodeTile(repo.tileLayerNames[layer], await repo.tileFeatures(scratch.db, req), req)
			).layers[repo.tileLayerNames[layer]];
			expect(fromNode?.length, layer).toBe(fromPostgis?.length);
			const ids = (l: typeof fromNode) =>
				Array.from({ length: l.length }, (_, i) => l.feature(i).id).sort();
			expect(ids(fromNode)).toEqual(ids(fromPostgis));
		}
	});

	it('returns an empty tile far from the utility', async () => {
		const bytes = await tileFor(scratch.db, user('dispatcher', null), {
			layer: 'customers',
			z: 15,
			x: 0,
			y: 0
		});
		expect(decode(bytes).layers.customers).toBeUndefined();
	});
});
