import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { consumptionClass } from '../../src/lib/domain/map/consumption-class.ts';
import { tileAt } from '../../src/lib/domain/map/tile-math.ts';
import { utilityDate } from '../../src/lib/domain/time/utility-date.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import * as repo from '../../src/lib/server/map/map.repository.ts';
import {
	OutOfScopeError,
	summaryFor,
	tileFor,
	type TileFilters
} from '../../src/lib/server/map/map.service.ts';
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
const dispatcher = user('dispatcher', null);

function cellTotal(bytes: Uint8Array): number {
	const layer = decode(bytes).layers.customers;
	let total = 0;
	for (let i = 0; i < (layer?.length ?? 0); i++) total += Number(layer.feature(i).properties.count);
	return total;
}

describe('vector tiles', () => {
	let scratch: ScratchDb;
	let centre: { lon: number; lat: number };

	beforeAll(async () => {
		scratch = await createScratchDb('tiles');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 1500, seed: 5, bulk: 'copy' });
		const summary = await summaryFor(scratch.db, dispatcher);
		expect(summary.customers).toBe(1500);
		const [x0, y0, x1, y1] = summary.bbox!;
		centre = { lon: (x0 + x1) / 2, lat: (y0 + y1) / 2 };
	});
	afterAll(() => scratch.drop());

	/** The customer at the centre of the utility and the z16 tile that holds it. */
	async function centralCustomer() {
		const [c] = await scratch.sql<{ id: number; lon: number; lat: number }[]>`
			select id, ST_X(geom) as lon, ST_Y(geom) as lat from customer
			order by geom <-> ST_Point(${centre.lon}, ${centre.lat}, 4326) limit 1`;
		return { ...c, tile: tileAt(c.lon, c.lat, 16) };
	}

	it('serves each customer of a street-zoom tile with id and the attributes the styles need', async () => {
		const { tile } = await centralCustomer();
		const { body } = await tileFor(scratch, dispatcher, { layer: 'customers', ...tile });
		const layer = decode(body).layers.customers;
		expect(layer.length).toBeGreaterThan(0);
		const expected = await scratch.sql<
			{
				id: number;
				code: string;
				category: string;
				status: string;
				route_id: number | null;
				zone_id: number | null;
				due: string | null;
				m3: string | null;
				open: number;
			}[]
		>`
			select c.id, c.code, c.category, c.status, c.route_id, c.zone_id,
				m.verification_due_on as due,
				(select r.consumption_m3 from reading r join reading_period p on p.id = r.period_id
					where r.customer_id = c.id and r.consumption_m3 is not null
					order by p.period_month desc limit 1) as m3,
				(select count(*)::int from work_order w where w.customer_id = c.id
					and w.status in ('new', 'assigned', 'accepted', 'en_route', 'in_progress')) as open
			from customer c left join meter m on m.customer_id = c.id and m.status = 'in_service'
			where c.geom_3857 && ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y})`;
		expect(layer.length).toBe(expected.length);
		const today = utilityDate();
		for (let i = 0; i < layer.length; i++) {
			const f = layer.feature(i);
			const row = expected.find((e) => e.id === f.id)!;
			expect(row, `feature id ${f.id}`).toBeDefined();
			const cls = consumptionClass(row.m3 === null ? null : Number(row.m3));
			expect(f.properties).toEqual({
				code: row.code,
				category: row.category,
				status: row.status,
				...(row.route_id === null ? {} : { route_id: row.route_id }),
				...(row.zone_id === null ? {} : { zone_id: row.zone_id }),
				overdue: row.due !== null && row.due < today,
				...(cls === null ? {} : { consumption_class: cls }),
				open_orders: row.open
			});
		}
	});

	it('leaves the customer code out below z15, where a dense tile holds ~10k customers', async () => {
		const { lon, lat } = await centralCustomer();
		const { body } = await tileFor(scratch, dispatcher, {
			layer: 'customers',
			...tileAt(lon, lat, 14)
		});
		const layer = decode(body).layers.customers;
		expect(layer.length).toBeGreaterThan(0);
		expect(layer.feature(0).properties).not.toHaveProperty('code');
		expect(layer.feature(0).properties).toHaveProperty('category');
	});

	it('aggregates customers into counted cells at every low zoom', async () => {
		for (const z of [8, 10, 11, 12, 13]) {
			const tile = tileAt(centre.lon, centre.lat, z);
			const [{ n }] = await scratch.sql<{ n: number }[]>`select count(*)::int as n from customer
				where geom_3857 && ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y})`;
			const { body } = await tileFor(scratch, dispatcher, { layer: 'customers', ...tile });
			expect(decode(body).layers.customers.length, `z${z}`).toBeLessThan(n);
			expect(cellTotal(body), `z${z}`).toBe(n);
		}
	});

	it('applies ward, zone, route and category filters to cells and points', async () => {
		const [pick] = await scratch.sql<{ ward_id: number; zone_id: number; route_id: number }[]>`
			select ward_id, zone_id, route_id from customer where route_id is not null limit 1`;
		const cases: [TileFilters, string][] = [
			[{ category: ['business', 'production'] }, `category in ('business', 'production')`],
			[{ ward: [pick.ward_id] }, `ward_id = ${pick.ward_id}`],
			[{ zone: [pick.zone_id] }, `zone_id = ${pick.zone_id}`],
			[
				{ route: [pick.route_id], category: ['domestic'] },
				`route_id = ${pick.route_id} and category = 'domestic'`
			]
		];
		const low = tileAt(centre.lon, centre.lat, 9);
		for (const [filters, where] of cases) {
			const [{ n }] = await scratch.sql.unsafe<{ n: number }[]>(
				`select count(*)::int as n from customer where ${where}`
			);
			const { body } = await tileFor(scratch, dispatcher, { layer: 'customers', ...low }, filters);
			expect(cellTotal(body), where).toBe(n);
		}
	});

	it('shows a route-scoped user only the customers of their routes', async () => {
		const [{ id: routeId }] = await scratch.sql<{ id: number }[]>`
			select route_id as id from customer c
			where c.geom_3857 && ST_TileEnvelope(16, ${(await centralCustomer()).tile.x}, ${(await centralCustomer()).tile.y})
				and route_id is not null limit 1`;
		const clerk = user('billing_clerk', [routeId]);
		const [{ n }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from customer where route_id = ${routeId}`;
		const low = await tileFor(scratch, clerk, {
			layer: 'customers',
			...tileAt(centre.lon, centre.lat, 9)
		});
		expect(cellTotal(low.body)).toBe(n);
		const { tile } = await centralCustomer();
		const layer = decode((await tileFor(scratch, clerk, { layer: 'customers', ...tile })).body)
			.layers.customers;
		expect(layer.length).toBeGreaterThan(0);
		for (let i = 0; i < layer.length; i++)
			expect(layer.feature(i).properties.route_id).toBe(routeId);
		// A filter cannot widen the scope.
		await expect(
			tileFor(
				scratch,
				clerk,
				{ layer: 'customers', ...tileAt(centre.lon, centre.lat, 9) },
				{ route: [routeId + 1] }
			)
		).rejects.toThrow(OutOfScopeError);
	});

	it('drops a cached tile when one of its customers changes, and only then', async () => {
		const { id, tile } = await centralCustomer();
		const params = { layer: 'customers' as const, ...tile };
		const first = await tileFor(scratch, dispatcher, params);
		expect((await tileFor(scratch, dispatcher, params)).body).toBe(first.body); // from cache
		const far = await tileFor(scratch, dispatcher, { layer: 'customers', z: 16, x: 0, y: 0 });

		await scratch.sql`update customer set status = 'cut_off' where id = ${id}`;
		await expect
			.poll(async () => (await tileFor(scratch, dispatcher, params)).etag)
			.not.toBe(first.etag);
		const layer = decode((await tileFor(scratch, dispatcher, params)).body).layers.customers;
		const changed = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find(
			(f) => f.id === id
		);
		expect(changed?.properties.status).toBe('cut_off');
		// A tile far away kept its cached bytes.
		const farAgain = await tileFor(scratch, dispatcher, { layer: 'customers', z: 16, x: 0, y: 0 });
		expect(farAgain.body).toBe(far.body);
	});

	it('keeps cells, consumption class and open orders in step with the register', async () => {
		const { id } = await centralCustomer();
		await scratch.sql`update customer set category = 'business',
			geom = ST_Translate(geom, 0.01, 0.005) where id = ${id}`;
		const [{ pid }] = await scratch.sql<{ pid: number }[]>`
			select max(period_id) as pid from reading where customer_id = ${id}`;
		await scratch.sql`update reading set consumption_m3 = 0, current_index = previous_index
			where customer_id = ${id} and period_id = ${pid}`;
		await scratch.sql`insert into work_order (number, type, customer_id)
			values ('PCT-2026-999001', 'leak_repair', ${id}), ('PCT-2026-999002', 're_read', ${id})`;
		const [row] = await scratch.sql`
			select category, last_consumption_m3::float8 as m3, open_work_orders
			from customer_map where customer_id = ${id}`;
		expect(row).toEqual({ category: 'business', m3: 0, open_work_orders: 2 });
		const added = await scratch.sql<{ id: number }[]>`
			insert into customer (name, kind, address, ward_id, geom, category)
			select 'Khách thử ' || g, 'individual', 'Địa chỉ thử', c.ward_id,
				ST_Translate(c.geom, 0.001 * g, 0), 'domestic'
			from customer c, generate_series(1, 2) g where c.id = ${id} returning id`;
		await scratch.sql`delete from customer where id = ${added[0].id}`;
		// The incrementally kept grid equals one rebuilt from scratch.
		const drift = await scratch.sql`
			with fresh as (
				select l.level, floor((ST_X(m.g) + 20037508.342789244) / map_cell_size(l.level))::int as cx,
					floor((20037508.342789244 - ST_Y(m.g)) / map_cell_size(l.level))::int as cy,
					m.route_id, m.ward_id, m.zone_id, m.category, count(*)::int as n
				from customer_map m cross join generate_series(10, 13) l(level)
				group by 1, 2, 3, 4, 5, 6, 7
			), kept as (
				select level, cx, cy, route_id, ward_id, zone_id, category, n from customer_cell
			)
			(select 'missing' as d, * from fresh except select 'missing', * from kept)
			union all
			(select 'stale', * from kept except select 'stale', * from fresh)`;
		expect(drift).toEqual([]);
		const totalDrift = await scratch.sql`
			with fresh as (
				select level, cx, cy, sum(n)::int as n from customer_cell group by 1, 2, 3
			), kept as (select level, cx, cy, n from customer_cell_total)
			(select * from fresh except select * from kept)
			union all
			(select * from kept except select * from fresh)`;
		expect(totalDrift).toEqual([]);
		const [{ a, b }] = await scratch.sql<{ a: number; b: number }[]>`
			select (select count(*)::int from customer) as a, (select count(*)::int from customer_map) as b`;
		expect(b).toBe(a);
	});

	it('encodes the same features in Node as PostGIS does, for builds without ST_AsMVT', async () => {
		for (const layer of ['zones', 'master-meters', 'customers'] as const) {
			for (const z of [12, 15]) {
				const req = {
					layer,
					...tileAt(centre.lon, centre.lat, z),
					routeIds: null,
					filters: {},
					today: utilityDate()
				};
				const name = repo.tileLayerNames[layer];
				const fromPostgis = decode(await repo.mvtTile(scratch.db, req)).layers[name];
				const fromNode = decode(encodeTile(name, await repo.tileFeatures(scratch.db, req), req))
					.layers[name];
				expect(fromNode?.length, `${layer} z${z}`).toBe(fromPostgis?.length);
				const features = (l: typeof fromNode) =>
					Array.from({ length: l?.length ?? 0 }, (_, i) => l.feature(i))
						.map((f) => ({ id: f.id, ...f.properties }))
						.sort((p, q) => Number(p.id) - Number(q.id));
				expect(features(fromNode)).toEqual(features(fromPostgis));
			}
		}
	});

	it('returns an empty tile far from the utility', async () => {
		const { body } = await tileFor(scratch, dispatcher, {
			layer: 'customers',
			z: 15,
			x: 0,
			y: 0
		});
		expect(decode(body).layers.customers).toBeUndefined();
	});
});
