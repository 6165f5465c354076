import { expect, test } from '@playwright/test';
import { appDatabase } from './support/database.ts';

// Issue 6, Playwright 3: a clerk sees the readings, opens the flagged one, and creates a
// re-read order from it. The billing clerk (hoadon) is scoped to the first 10 routes.
test('a billing clerk opens a flagged reading and orders a re-read from it', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		const [target] = await db<{ customer_id: number; code: string; meter_id: number }[]>`
			select c.id as customer_id, c.code, m.id as meter_id
			from customer c
			join meter m on m.customer_id = c.id and m.status = 'in_service' and m.dial_digits >= 4
			join staff_route_scope s on s.route_id = c.route_id
			join staff st on st.id = s.staff_id and st.username = 'hoadon'
			where c.status = 'active' and c.geom is not null
			order by c.route_id, c.route_seq limit 1`;
		// A rollback (1000 → 960) read ~90 m east of the meter, in whatever period is open, for a
		// customer in hoadon's routes.
		const [reading] = await db<{ id: string }[]>`
			insert into reading (period_id, customer_id, meter_id, previous_index, current_index,
				consumption_m3, kind, flags, review_status, read_at, source, geom, distance_m)
			select (select id from reading_period where status = 'open'), c.id, ${target.meter_id},
				1000, 960, 0, 'actual', '{rollback,no_photo,far}', 'flagged', now(), 'field',
				ST_SetSRID(ST_MakePoint(ST_X(c.geom) + 0.00085, ST_Y(c.geom)), 4326), 90
			from customer c where c.id = ${target.customer_id}
			on conflict (period_id, customer_id) do update set meter_id = excluded.meter_id,
				previous_index = 1000, current_index = 960, consumption_m3 = 0, kind = 'actual',
				flags = excluded.flags, review_status = 'flagged', source = 'field',
				geom = excluded.geom, distance_m = excluded.distance_m
			returning id`;

		await page.goto('/login');
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await page.getByLabel('Tên đăng nhập').fill('hoadon');
		await page.getByLabel('Mật khẩu').fill('waterline-demo');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.waitForURL((url) => url.pathname !== '/login');

		await page.goto(`/readings/review?flag=rollback`);
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		const row = page.locator(`tr[data-reading="${reading.id}"]`);
		await expect(row).toContainText(target.code);
		await expect(row).toContainText('Chỉ số lùi');
		await expect(row).toContainText('Thiếu ảnh');
		await row.getByRole('link').click();
		await page.waitForURL(`**/readings/review/${reading.id}`);
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(page.getByTestId('rv-reading')).toContainText('960');
		await expect(page.getByTestId('rv-reading')).toContainText('90 m (giới hạn 50 m)');
		// The map itself (MapLibre's API) draws the meter and where the reader stood.
		await page.waitForFunction(() => {
			const map = (window as unknown as { waterlineMap?: import('maplibre-gl').Map }).waterlineMap;
			return Boolean(map?.getLayer('rv-places') && map.loaded() && map.areTilesLoaded());
		});
		const drawn = await page.evaluate(() => {
			const map = (window as unknown as { waterlineMap: import('maplibre-gl').Map }).waterlineMap;
			return map
				.queryRenderedFeatures({ layers: ['rv-places'] })
				.map((f) => f.properties.kind)
				.sort();
		});
		expect(drawn).toEqual(['fix', 'meter']);

		await page.getByRole('button', { name: 'Lập phiếu đọc lại' }).click();
		await expect(page.getByTestId('rv-status')).toContainText(/Đã lập phiếu PCT-\d{4}-\d{6}/);

		const orders = await db<{ number: string; type: string; customer_id: number }[]>`
			select number, type, customer_id from work_order where reading_id = ${reading.id}`;
		expect(orders).toHaveLength(1);
		expect(orders[0]).toMatchObject({ type: 're_read', customer_id: target.customer_id });
		await expect(page.getByTestId('rv-status')).toContainText(orders[0].number);
		await expect(page.getByTestId('rv-orders')).toContainText(orders[0].number);
		const [after] = await db<{ review_status: string }[]>`
			select review_status from reading where id = ${reading.id}`;
		expect(after.review_status).toBe('re_read');
	} finally {
		await db.end();
	}
});
