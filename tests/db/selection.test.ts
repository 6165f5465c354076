// Map selection against a seeded PostgreSQL: counts, filters, route scope, the xlsx export
// read back with exceljs, and refusals.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import type { PolygonGeometry, Selection } from '../../src/lib/domain/map/selection.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { writeSelectionXlsx } from '../../src/lib/server/map/selection-xlsx.ts';
import { prepareExport, querySelection } from '../../src/lib/server/map/selection.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { POST as exportEndpoint } from '../../src/routes/api/map/selection/export/+server.ts';
import { POST as queryEndpoint } from '../../src/routes/api/map/selection/query/+server.ts';

const user = (role: SessionUser['role'], routeIds: number[] | null): SessionUser => ({
	id: 1,
	username: role,
	fullName: role,
	role,
	permissions: defaultPermissions(role),
	routeIds
});
const dispatcher = user('dispatcher', null);

describe('map selection', () => {
	let scratch: ScratchDb;
	let polygon: PolygonGeometry;

	/**
	 * Codes of the customers within the polygon, found by PostGIS directly on the customer
	 * table. In Web Mercator: the map draws the polygon's edges straight in EPSG:3857, and
	 * straight lines in 4326 differ from those by up to a metre over a few kilometres.
	 */
	async function within(where = 'true'): Promise<string[]> {
		const rows = await scratch.sql.unsafe<{ code: string }[]>(
			`select code from customer c
			where ST_Within(c.geom_3857, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 3857))
				and ${where}
			order by code`,
			[JSON.stringify(polygon)]
		);
		return rows.map((r) => r.code);
	}

	async function query(selection: unknown, who = dispatcher) {
		const outcome = await querySelection(scratch.db, who, selection);
		if (!outcome.ok) throw new Error(outcome.message);
		return outcome.value;
	}

	async function exportXlsx(selection: Selection, who = dispatcher) {
		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c: Buffer) => chunks.push(c));
		const done = new Promise((resolve) => out.on('end', resolve));
		const written = await writeSelectionXlsx(scratch.db, who, selection, out);
		await done;
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		return { written, workbook };
	}

	beforeAll(async () => {
		scratch = await createScratchDb('selection');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 1500, seed: 5, bulk: 'copy' });
		// A pentagon over the south-west part of the customers' extent (not a box, so the
		// exact test matters, not only the bounding box), its edges clear of the extent's
		// edges, where customers lie.
		const [e] = await scratch.sql<{ x0: number; y0: number; x1: number; y1: number }[]>`
			select ST_XMin(x) as x0, ST_YMin(x) as y0, ST_XMax(x) as x1, ST_YMax(x) as y1
			from (select ST_Extent(geom) as x from customer) s`;
		const at = (fx: number, fy: number): [number, number] => [
			e.x0 + (e.x1 - e.x0) * fx,
			e.y0 + (e.y1 - e.y0) * fy
		];
		polygon = {
			type: 'Polygon',
			coordinates: [
				[at(0.01, 0.01), at(0.6, 0.01), at(0.7, 0.4), at(0.3, 0.7), at(0.01, 0.5), at(0.01, 0.01)]
			]
		};
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('counts what PostGIS finds within the polygon, per category and status', async () => {
		const codes = await within();
		expect(codes.length).toBeGreaterThan(200);
		const result = await query({ polygon });
		expect(result.total).toBe(codes.length);
		const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
		expect(sum(result.byCategory)).toBe(codes.length);
		expect(sum(result.byStatus)).toBe(codes.length);
		expect(result.byCategory.domestic).toBe((await within("category = 'domestic'")).length);
		expect(result.byStatus.active).toBe((await within("status = 'active'")).length);
		// The first 200 by code.
		expect(result.customers.map((c) => c.code)).toEqual(codes.slice(0, 200));
		expect(Object.keys(result.customers[0]).sort()).toEqual(
			['address', 'category', 'code', 'id', 'name', 'status'].sort()
		);
	});

	it('applies category, ward, zone and route filters together', async () => {
		const [w] = await scratch.sql.unsafe<{ ward_id: number; zone_id: number }[]>(
			`select ward_id, zone_id from customer
			where ST_Within(geom_3857, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 3857))
			group by 1, 2 order by count(*) desc limit 1`,
			[JSON.stringify(polygon)]
		);
		const r = await query({
			polygon,
			filters: { category: ['domestic', 'business'], ward: [w.ward_id], zone: [w.zone_id] }
		});
		const expected = await within(
			`category in ('domestic', 'business') and ward_id = ${w.ward_id} and zone_id = ${w.zone_id}`
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(r.total).toBe(expected.length);
		expect(Object.keys(r.byCategory).every((k) => ['domestic', 'business'].includes(k))).toBe(true);
		const [route] = await scratch.sql<{ route_id: number }[]>`
			select route_id from customer where code = ${expected[0]}`;
		const byRoute = await query({ polygon, filters: { route: [route.route_id] } });
		expect(byRoute.total).toBe((await within(`route_id = ${route.route_id}`)).length);
	});

	it('keeps a route-scoped user to their routes', async () => {
		const routes = await scratch.sql.unsafe<{ route_id: number }[]>(
			`select distinct route_id from customer
			where ST_Within(geom_3857, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 3857)) order by 1 limit 2`,
			[JSON.stringify(polygon)]
		);
		const ids = routes.map((r) => r.route_id);
		const clerk = user('billing_clerk', ids);
		const r = await query({ polygon }, clerk);
		expect(r.total).toBe((await within(`route_id in (${ids.join(',')})`)).length);
		expect(r.total).toBeLessThan((await within()).length);
		// Asking for another route through the filter does not widen the scope.
		const [other] = await scratch.sql<{ id: number }[]>`
			select id from route where id <> all(${ids}::int[]) order by id limit 1`;
		expect((await query({ polygon, filters: { route: [other.id] } }, clerk)).total).toBe(0);
	});

	it('exports exactly the selected customers to one sheet with Vietnamese headers', async () => {
		const valid = await prepareExport(scratch.db, dispatcher, { polygon });
		if (!valid.ok) throw new Error(valid.message);
		const codes = await within();
		expect(valid.value.total).toBe(codes.length);
		const { written, workbook } = await exportXlsx(valid.value.selection);
		expect(written).toBe(codes.length);
		expect(workbook.worksheets.map((s) => s.name)).toEqual(['Khách hàng']);
		const sheet = workbook.worksheets[0];
		const header = sheet.getRow(1);
		expect((header.values as unknown[]).slice(1)).toEqual([
			'Mã KH (danh bộ)',
			'Tên khách hàng',
			'Địa chỉ',
			'Điện thoại',
			'Đối tượng',
			'Trạng thái',
			'Tuyến ghi',
			'Phường/Xã',
			'Vùng cấp nước',
			'Số seri đồng hồ',
			'Tiêu thụ kỳ gần nhất (m³)',
			'Kinh độ',
			'Vĩ độ'
		]);
		expect(header.font?.bold).toBe(true);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		const exported: string[] = [];
		sheet.eachRow((row, n) => {
			if (n > 1) exported.push(String(row.getCell(1).value));
		});
		expect(exported).toEqual(codes);

		// One row checked against the database, cell by cell.
		const row = sheet.getRow(2);
		const [c] = await scratch.sql`
			select c.name, c.category, c.status, r.code as route, m.serial, cm.last_consumption_m3::float8 as m3,
				ST_X(c.geom) as lon, ST_Y(c.geom) as lat
			from customer c join customer_map cm on cm.customer_id = c.id
			left join route r on r.id = c.route_id
			left join meter m on m.customer_id = c.id and m.status = 'in_service'
			where c.code = ${codes[0]}`;
		expect(row.getCell(2).value).toBe(c.name);
		expect(row.getCell(5).value).toMatch(/^(Sinh hoạt|Kinh doanh|Sản xuất|Cơ quan|Phục vụ)/);
		expect(row.getCell(6).value).toMatch(/^(Đang sử dụng|Tạm ngừng|Đã cắt nước)$/);
		expect(row.getCell(7).value).toBe(c.route);
		expect(row.getCell(8).value).toMatch(/^(Phường|Xã) /);
		expect(row.getCell(10).value).toBe(c.serial);
		expect(row.getCell(11).value).toBe(c.m3);
		expect(row.getCell(12).value).toBeCloseTo(c.lon, 9);
		expect(row.getCell(13).value).toBeCloseTo(c.lat, 9);
		expect(typeof row.getCell(12).value).toBe('number');
	});

	it('exports only a route-scoped user’s customers', async () => {
		const [r] = await scratch.sql.unsafe<{ route_id: number }[]>(
			`select route_id from customer
			where ST_Within(geom_3857, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 3857)) limit 1`,
			[JSON.stringify(polygon)]
		);
		const { workbook } = await exportXlsx({ polygon, filters: {} }, user('field', [r.route_id]));
		const exported: string[] = [];
		workbook.worksheets[0].eachRow((row, n) => {
			if (n > 1) exported.push(String(row.getCell(1).value));
		});
		expect(exported).toEqual(await within(`route_id = ${r.route_id}`));
	});

	it('refuses an export over the limit, asking for a smaller area', async () => {
		const total = (await within()).length;
		const refused = await prepareExport(scratch.db, dispatcher, { polygon }, total - 1);
		expect(refused).toEqual({
			ok: false,
			status: 400,
			message: `polygon: ${total} customers selected, at most ${total - 1} can be exported; draw a smaller area`
		});
		expect((await prepareExport(scratch.db, dispatcher, { polygon }, total)).ok).toBe(true);
	});

	it('rejects invalid polygons and filters with the field and the reason', async () => {
		const ring = polygon.coordinates[0];
		const bowTie = {
			type: 'Polygon',
			coordinates: [[ring[0], ring[2], ring[1], ring[3], ring[0]]]
		};
		expect(await querySelection(scratch.db, dispatcher, { polygon: bowTie })).toEqual({
			ok: false,
			status: 400,
			message: 'polygon: the ring crosses itself'
		});
		expect(
			await querySelection(scratch.db, dispatcher, {
				polygon: { type: 'Point', coordinates: [107.5, 16.4] }
			})
		).toMatchObject({ status: 400, message: 'polygon: type must be "Polygon"' });
		expect(
			await querySelection(scratch.db, dispatcher, { polygon, filters: { ward: ['1; drop'] } })
		).toMatchObject({ status: 400, message: 'filters.ward: ids must be numbers' });
		expect(await prepareExport(scratch.db, dispatcher, { polygon: null })).toMatchObject({
			status: 400,
			message: 'polygon: must be a GeoJSON Polygon object'
		});
	});

	it('answers over HTTP: JSON query, xlsx download from JSON or a form field, 400s', async () => {
		process.env.DATABASE_URL = scratch.url;
		// The request event as each endpoint types it (its type is inferred from the call).
		const event = <E>(request: Request, who = dispatcher) =>
			({ request, locals: { user: who } }) as unknown as E;
		const url = 'http://x/api/map/selection';
		const json = (body: string) =>
			new Request(`${url}/query`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body
			});
		const res = await queryEndpoint(event(json(JSON.stringify({ polygon }))));
		expect(((await res.json()) as { total: number }).total).toBe((await within()).length);
		await expect(queryEndpoint(event(json('{not json')))).rejects.toMatchObject({
			status: 400,
			body: { message: 'body: not valid JSON' }
		});

		const form = new FormData();
		form.set('selection', JSON.stringify({ polygon, filters: { category: ['business'] } }));
		const download = await exportEndpoint(
			event(new Request(`${url}/export`, { method: 'POST', body: form }))
		);
		expect(download.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(download.headers.get('content-disposition')).toMatch(
			/^attachment; filename="khach-hang-vung-chon-\d{8}-\d{4}\.xlsx"$/
		);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await download.arrayBuffer());
		expect(workbook.worksheets[0].rowCount - 1).toBe(
			(await within("category = 'business'")).length
		);

		const badForm = new FormData();
		badForm.set('selection', '{');
		await expect(
			exportEndpoint(event(new Request(`${url}/export`, { method: 'POST', body: badForm })))
		).rejects.toMatchObject({ status: 400, body: { message: 'selection: not valid JSON' } });
		await expect(
			exportEndpoint(event(json(JSON.stringify({ polygon, filters: { category: ['x'] } }))))
		).rejects.toMatchObject({ status: 400 });
	});
});
