// Issue 8, the NRW screens: the engineer opens /nrw and sees the choropleth (one feature per
// zone in the `nrw-zones` source, zones rendered by `nrw-zones-fill`, the legend), switches
// the colouring to ILI, opens the worst zone from the ranking and reads its balance, whose
// system input and NRW % are the stored nrw_balance's. A reader is refused.
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { expect, test } from '@playwright/test';
import { appDatabase } from './support/database.ts';
import { login } from './support/login.ts';

type MapWindow = { waterlineMap?: MapLibreMap };

test('the engineer reads the NRW map and the worst zone’s balance', async ({ page, baseURL }) => {
	const db = appDatabase(baseURL);
	try {
		const [{ zones }] = await db<{ zones: number }[]>`select count(*)::int as zones from zone`;
		await login(page, 'kysu', '/nrw');
		await expect(page.getByRole('heading', { level: 1 })).toContainText(
			'Thất thoát nước theo vùng'
		);
		await expect(page.getByTestId('nrw-legend')).toBeVisible();
		await expect(page.getByTestId('nrw-legend')).toContainText('mục tiêu quốc gia');

		await page.waitForFunction(() => {
			const map = (window as unknown as MapWindow).waterlineMap;
			return Boolean(map?.getSource('nrw-zones') && map.getLayer('nrw-zones-fill'));
		});
		const features = await page.evaluate(async () => {
			const map = (window as unknown as MapWindow).waterlineMap!;
			const data = await (map.getSource('nrw-zones') as GeoJSONSource).getData();
			return (data as FeatureCollection).features.map((f) => f.properties);
		});
		expect(features).toHaveLength(zones);
		expect(features[0]).toEqual(
			expect.objectContaining({ zoneId: expect.any(Number), code: expect.any(String) })
		);
		await expect
			.poll(() =>
				page.evaluate(() => {
					const map = (window as unknown as MapWindow).waterlineMap!;
					const hits = map.queryRenderedFeatures({ layers: ['nrw-zones-fill'] });
					return new Set(hits.map((f) => f.properties.zoneId)).size;
				})
			)
			.toBeGreaterThan(0);

		// Colouring by ILI: the URL and the legend follow.
		await page.getByRole('radio', { name: 'ILI' }).check();
		await expect(page).toHaveURL(/metric=ili/);
		await expect(page.getByTestId('nrw-legend')).toContainText('A: ILI < 4');

		// The month on screen is the one the ranking's link carries.
		const ranking = page.getByTestId('nrw-ranking');
		const first = ranking.locator('tbody tr').first();
		const link = first.getByRole('link');
		const href = (await link.getAttribute('href'))!;
		const [, zoneId, month] = /^\/nrw\/zones\/(\d+)\?month=(\d{4}-\d{2})$/.exec(href)!;
		const [worst] = await db<{ zone_id: number }[]>`
			select zone_id from nrw_balance where period_month = ${`${month}-01`} and complete
			order by (result->>'realLossesPerConnectionPerDayL')::float8 desc limit 1`;
		expect(Number(zoneId)).toBe(worst.zone_id);

		await link.click();
		await page.waitForURL(`**/nrw/zones/${zoneId}?month=${month}`);
		const [stored] = await db<{ siv: number; nrw_pct: number }[]>`
			select (input->>'systemInput')::float8 as siv, nrw_pct::float8 as nrw_pct
			from nrw_balance where zone_id = ${Number(zoneId)} and period_month = ${`${month}-01`}`;
		const iwa = page.getByTestId('iwa-table');
		await expect(iwa).toBeVisible();
		await expect(iwa.locator('[data-box="siv"]')).toHaveAttribute('data-value', String(stored.siv));
		const siv = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(stored.siv);
		await expect(iwa.locator('[data-box="siv"] .value')).toHaveText(siv);
		const pct = new Intl.NumberFormat('vi-VN', {
			minimumFractionDigits: 1,
			maximumFractionDigits: 1
		}).format(stored.nrw_pct);
		await expect(page.locator('[data-kpi="nrwPct"] dd')).toHaveText(`${pct}%`);
		await expect(page.getByRole('link', { name: 'Đầu mối kiểm tra' })).toBeVisible();
	} finally {
		await db.end();
	}
});

test('a reader is refused the NRW screens', async ({ page }) => {
	await login(page, 'ghichiso', '/field/read');
	const response = await page.goto('/nrw');
	expect(response?.status()).toBe(403);
	expect((await page.request.get('/nrw/export')).status()).toBe(403);
});
