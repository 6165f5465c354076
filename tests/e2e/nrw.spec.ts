// Issue 8, the NRW screens: the engineer opens /nrw and sees the choropleth (one feature per
// zone in the `nrw-zones` source, zones rendered by `nrw-zones-fill`, the legend), switches
// the colouring to ILI, opens the worst zone from the ranking and reads its balance, whose
// system input and NRW % are the stored nrw_balance's. A reader is refused.
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import ExcelJS from 'exceljs';
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

		// The period slider: one step back loads the previous balanced month into the URL.
		const before = new URL(page.url()).searchParams.get('month');
		const slider = page.getByRole('slider');
		await slider.evaluate((input: HTMLInputElement) => {
			input.value = String(Number(input.value) - 1);
			input.dispatchEvent(new Event('input', { bubbles: true }));
			input.dispatchEvent(new Event('change', { bubbles: true }));
		});
		await expect(page).toHaveURL(/[?&]month=\d{4}-\d{2}/);
		expect(new URL(page.url()).searchParams.get('month')).not.toBe(before);
		expect(new URL(page.url()).searchParams.get('metric')).toBe('ili');

		// A click on a zone opens its page: a canvas point the fill layer renders a zone at.
		const hit = await page.evaluate(() => {
			const map = (window as unknown as MapWindow).waterlineMap!;
			const { width, height } = map.getCanvas().getBoundingClientRect();
			for (let y = 0.2; y < 0.9; y += 0.1)
				for (let x = 0.2; x < 0.9; x += 0.1) {
					const point: [number, number] = [width * x, height * y];
					const [f] = map.queryRenderedFeatures(point, { layers: ['nrw-zones-fill'] });
					if (f) return { point, zoneId: Number(f.properties.zoneId) };
				}
			return null;
		});
		expect(hit).not.toBeNull();
		// Hovering it names the zone with its figures.
		await page.locator('canvas.maplibregl-canvas').hover({
			position: { x: hit!.point[0], y: hit!.point[1] }
		});
		const code = await page.evaluate(
			(id) =>
				(window as unknown as MapWindow)
					.waterlineMap!.querySourceFeatures('nrw-zones')
					.find((f) => Number(f.properties.zoneId) === id)!.properties.code as string,
			hit!.zoneId
		);
		await expect(page.locator('.nrw-zone-card')).toContainText(code);
		await page.locator('canvas.maplibregl-canvas').click({
			position: { x: hit!.point[0], y: hit!.point[1] }
		});
		await page.waitForURL(new RegExp(`/nrw/zones/${hit!.zoneId}\\?month=`));
		await page.goBack();
		await expect(page.getByTestId('nrw-ranking')).toBeVisible();

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

		// The month's workbook: one row per zone under the header, numbers as numbers.
		const download = await page.request.get(`/nrw/export?month=${month}`);
		expect(download.ok()).toBe(true);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await download.body()) as unknown as ArrayBuffer);
		const sheet = book.worksheets[0];
		expect(sheet.rowCount).toBe(zones + 1);
		expect(sheet.getRow(2).getCell(1).value).toBe(
			await link.evaluate((a) => a.textContent!.split(' · ')[0])
		);
		expect(typeof sheet.getRow(2).getCell(6).value).toBe('number');

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

test('“Tính lại” recomputes the month and the page follows: a master-meter gap greys the zone', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	await login(page, 'kysu', '/nrw');
	const href = (await page
		.getByTestId('nrw-ranking')
		.getByRole('link')
		.first()
		.getAttribute('href'))!;
	const month = `${href.split('month=')[1]}-01`;
	const [meter] = await db<{ id: number; code: string; volume: string }[]>`
		select mm.id, z.code, v.volume_m3::text as volume
		from master_meter mm join zone z on z.id = mm.zone_id
		join master_meter_volume v on v.master_meter_id = mm.id and v.period_month = ${month}
		where mm.direction = 'in' order by z.code desc, mm.serial limit 1`;
	const recompute = async () => {
		await page.getByRole('button', { name: 'Tính lại' }).click();
		await expect(page.getByTestId('nrw-recompute-result')).toContainText('tính lại');
	};
	try {
		await db`delete from master_meter_volume where master_meter_id = ${meter.id} and period_month = ${month}`;
		await recompute();
		// The server publishes nrw:computed when the job is done; the page reloads on it.
		const label = page.locator(`.nrw-incomplete-label[data-zone="${meter.code}"]`);
		await expect(label).toContainText('chưa đủ dữ liệu');
		const row = page.locator(`[data-testid="nrw-ranking"] tr[data-zone="${meter.code}"]`);
		await expect(row).toHaveAttribute('data-complete', 'false');
		await expect(row).toContainText('chưa có sản lượng tháng này');
		await expect(page.locator('[data-testid="nrw-ranking"] tbody tr').last()).toHaveAttribute(
			'data-complete',
			'false'
		);
	} finally {
		await db`insert into master_meter_volume (master_meter_id, period_month, volume_m3)
			values (${meter.id}, ${month}, ${meter.volume}) on conflict do nothing`;
	}
	await recompute();
	await expect(page.locator(`.nrw-incomplete-label[data-zone="${meter.code}"]`)).toHaveCount(0);
	await db.end();
});

test('a reader is refused the NRW screens', async ({ page }) => {
	await login(page, 'ghichiso', '/field/read');
	const response = await page.goto('/nrw');
	expect(response?.status()).toBe(403);
	expect((await page.request.get('/nrw/export')).status()).toBe(403);
});
