import type { Map as MapLibreMap } from 'maplibre-gl';
import { expect, test } from '@playwright/test';
import { appDatabase } from './support/database.ts';

type MapWindow = { waterlineMap: MapLibreMap };

test('an open map redraws a customer changed in the database, without a reload', async ({
	page,
	baseURL
}) => {
	// The e2e server writes its database URL for tests like this one (scripts/e2e-server.ts).
	const db = appDatabase(baseURL);
	try {
		const [customer] = await db<{ id: number; lon: number; lat: number }[]>`
			select id, ST_X(geom) as lon, ST_Y(geom) as lat from customer
			where status = 'active' order by id limit 1`;

		await page.goto('/login');
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await page.getByLabel('Tên đăng nhập').fill('dieuphoi');
		await page.getByLabel('Mật khẩu').fill('waterline-demo');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.waitForFunction(() =>
			Boolean((window as unknown as Partial<MapWindow>).waterlineMap)
		);
		await page.evaluate(
			({ lon, lat }) =>
				(window as unknown as MapWindow).waterlineMap.jumpTo({ center: [lon, lat], zoom: 17 }),
			customer
		);
		const statusOnMap = () =>
			page.evaluate((id) => {
				const map = (window as unknown as MapWindow).waterlineMap;
				if (!map.getLayer('customers')) return null;
				const hit = map.queryRenderedFeatures({ layers: ['customers'] }).find((f) => f.id === id);
				return hit?.properties.status ?? null;
			}, customer.id);
		await expect.poll(statusOnMap).toBe('active');

		await db`update customer set status = 'cut_off' where id = ${customer.id}`;
		await expect.poll(statusOnMap).toBe('cut_off');
	} finally {
		await db.end();
	}
});
