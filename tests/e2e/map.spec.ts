import { booleanPointInPolygon, point } from '@turf/turf';
import ExcelJS from 'exceljs';
import type { Polygon } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { expect, test, type Page } from '@playwright/test';

const password = 'waterline-demo';

type MapWindow = { waterlineMap: MapLibreMap };

interface SearchResult {
	id: number;
	code: string;
	name: string;
	address: string;
	meterSerial: string | null;
	lon: number;
	lat: number;
}

interface SelectionResponse {
	total: number;
	byCategory: Record<string, number>;
	byStatus: Record<string, number>;
	customers: { id: number; code: string }[];
}

async function signIn(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/(\?.*)?(#.*)?$/);
}

/** The map has loaded its style and every tile in view. */
async function mapIdle(page: Page) {
	await page.waitForFunction(() => {
		const map = (window as unknown as Partial<MapWindow>).waterlineMap;
		return Boolean(map && map.loaded() && map.areTilesLoaded());
	});
}

/** Lower case, no diacritics, đ → d: what someone types without a Vietnamese keyboard. */
const fold = (text: string) =>
	text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

test('searching "nguyen" and a street without diacritics flies to the customer and opens their card', async ({
	page
}) => {
	await signIn(page, 'dieuphoi');
	await mapIdle(page);

	// A street from the seeded register whose own name has no "Nguyễn" in it, found through the
	// search endpoint by customer-code prefix (the register is generated from a fixed seed).
	let street: string | undefined;
	for (const prefix of ['KH000001', 'KH000003', 'KH000005', 'KH000008', 'KH000012']) {
		const found = await page.request.get(`/api/map/search?q=${prefix}`);
		expect(found.ok()).toBe(true);
		const { results } = (await found.json()) as { results: SearchResult[] };
		street = results
			.map((r) => r.address.split(',')[0].replace(/^\S+\s+/, ''))
			.find((s) => !fold(s).includes('nguyen'));
		if (street) break;
	}
	expect(street, 'a street without Nguyễn in its name').toBeDefined();
	const query = `nguyen ${fold(street!)}`;
	expect(query).toMatch(/^[a-z0-9 ]+$/);

	// Typed without diacritics; the answer the dropdown shows is the one the page received.
	const box = page.getByRole('combobox', { name: 'Tìm khách hàng' });
	const answer = page.waitForResponse(
		(r) => r.url().includes('/api/map/search?') && new URL(r.url()).searchParams.get('q') === query
	);
	await box.fill(query);
	const { results } = (await (await answer).json()) as { results: SearchResult[] };
	const target = results.find((r) => r.name.startsWith('Nguyễn') && r.meterSerial);
	expect(target, 'a customer named Nguyễn with a meter on that street').toBeDefined();
	expect(fold(target!.address)).toContain(fold(street!));
	const options = page.getByRole('listbox', { name: 'Tìm khách hàng' }).getByRole('option');
	await expect(options).toHaveCount(results.length);

	// Keyboard only: ↓ to the customer, Enter to choose it.
	const index = results.indexOf(target!);
	for (let i = 0; i < index; i++) await box.press('ArrowDown');
	await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
	await expect(options.nth(index)).toContainText(target!.code);
	await box.press('Enter');

	// The map itself moved there (MapLibre's camera), close enough to see the house.
	await expect
		.poll(() =>
			page.evaluate((to) => {
				const map = (window as unknown as MapWindow).waterlineMap;
				const c = map.getCenter();
				return {
					settled: !map.isMoving(),
					near: Math.abs(c.lng - to.lon) < 1e-4 && Math.abs(c.lat - to.lat) < 1e-4,
					streetLevel: map.getZoom() >= 16
				};
			}, target!)
		)
		.toEqual({ settled: true, near: true, streetLevel: true });

	// The customer is drawn on the map at street level, with their own id.
	await mapIdle(page);
	const drawn = await page.evaluate(
		(id) =>
			(window as unknown as MapWindow).waterlineMap
				.queryRenderedFeatures({ layers: ['customers'] })
				.some((f) => f.id === id),
		target!.id
	);
	expect(drawn).toBe(true);

	// The inspect panel: their meter and up to 12 readings in the chart.
	const panel = page.getByTestId('inspect-panel');
	await expect(panel.getByTestId('inspect-code')).toHaveText(target!.code);
	await expect(panel.getByTestId('inspect-meter-serial')).toHaveText(target!.meterSerial!);
	const bars = panel.getByTestId('readings-chart').locator('g');
	await expect(bars.first()).toBeAttached();
	expect(await bars.count()).toBeLessThanOrEqual(12);

	// Esc closes it.
	await page.keyboard.press('Escape');
	await expect(panel).toHaveCount(0);
});

test('a lasso selects the customers drawn inside it, and the Excel export lists exactly them', async ({
	page
}) => {
	await signIn(page, 'dieuphoi');
	await mapIdle(page);
	await page.evaluate(() => (window as unknown as MapWindow).waterlineMap.jumpTo({ zoom: 16 }));
	await page.waitForFunction(() => {
		const map = (window as unknown as MapWindow).waterlineMap;
		return map.areTilesLoaded() && map.queryRenderedFeatures({ layers: ['customers'] }).length > 0;
	});

	await page.getByTestId('tool-lasso').click();
	const box = (await page.getByTestId('map').boundingBox())!;
	// A block right of the side panel: press, drag round it, release.
	const cx = box.x + box.width * 0.6;
	const cy = box.y + box.height * 0.5;
	const query = page.waitForRequest('**/api/map/selection/query');
	const answer = page.waitForResponse('**/api/map/selection/query');
	await page.mouse.move(cx - 130, cy - 90);
	await page.mouse.down();
	for (const [dx, dy] of [
		[130, -90],
		[130, 90],
		[-130, 90],
		[-130, -80]
	])
		await page.mouse.move(cx + dx, cy + dy, { steps: 10 });
	await page.mouse.up();

	const sent = (await query).postDataJSON() as { polygon: Polygon };
	const response = await answer;
	expect(response.status()).toBe(200);
	const selection = (await response.json()) as SelectionResponse;
	expect(selection.total).toBeGreaterThan(0);
	expect(selection.total).toBeLessThanOrEqual(selection.customers.length);

	// What the map draws inside the lasso is what the server selected.
	const rendered = await page.evaluate(() =>
		(window as unknown as MapWindow).waterlineMap
			.queryRenderedFeatures({ layers: ['customers'] })
			.map((f) => ({ id: Number(f.id), at: (f.geometry as { coordinates: number[] }).coordinates }))
	);
	const inside = new Set(
		rendered.filter((f) => booleanPointInPolygon(point(f.at), sent.polygon)).map((f) => f.id)
	);
	expect([...inside].sort((a, b) => a - b)).toEqual(
		selection.customers.map((c) => c.id).sort((a, b) => a - b)
	);

	// The panel shows the total and the counts by category and status.
	const panel = page.getByTestId('selection-panel');
	await expect(panel.getByTestId('selection-total')).toHaveAttribute(
		'data-total',
		String(selection.total)
	);
	for (const [category, n] of Object.entries(selection.byCategory))
		await expect(panel.getByTestId(`selection-category-${category}`)).toContainText(String(n));
	for (const [status, n] of Object.entries(selection.byStatus))
		await expect(panel.getByTestId(`selection-status-${status}`)).toContainText(String(n));
	await expect(panel.getByTestId('selection-list').getByRole('button')).toHaveCount(
		selection.customers.length
	);

	// Export: the spreadsheet's customer codes are exactly the selection's.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		panel.getByRole('button', { name: 'Xuất Excel' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(await download.path());
	const sheet = workbook.worksheets[0];
	// exceljs rows are 1-based sparse arrays: index 0 is a hole.
	const header = Array.from(sheet.getRow(1).values as unknown[], (h) => String(h ?? ''));
	const codeColumn = header.findIndex((h) => h.startsWith('Mã KH'));
	expect(codeColumn).toBeGreaterThan(0);
	const codes: string[] = [];
	sheet.eachRow((row, n) => {
		if (n > 1) codes.push(String(row.getCell(codeColumn).value));
	});
	expect(codes.sort()).toEqual(selection.customers.map((c) => c.code).sort());

	// A basemap switch (setStyle) replaces every layer: the utility layers come back, and the
	// deck.gl overlay with the selection is drawn on top again.
	await page.evaluate(() =>
		(window as unknown as MapWindow).waterlineMap.setStyle(
			{
				version: 8,
				sources: {},
				layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#fff' } }]
			},
			{ diff: false }
		)
	);
	await expect
		.poll(() =>
			page.evaluate(() => {
				const map = (window as unknown as MapWindow).waterlineMap;
				return {
					customers: Boolean(map.getLayer('customers')),
					top: map.getLayersOrder().at(-1)
				};
			})
		)
		.toEqual({ customers: true, top: 'deck-maplibre-layer-group-last' });
	await mapIdle(page);
	const afterSwitch = await page.evaluate(
		() =>
			(window as unknown as MapWindow).waterlineMap.queryRenderedFeatures({ layers: ['customers'] })
				.length
	);
	expect(afterSwitch).toBeGreaterThan(0);

	// Clearing removes the selection panel.
	await panel.getByRole('button', { name: 'Xóa vùng chọn' }).first().click();
	await expect(panel).toHaveCount(0);
});

test('style and filters live in the URL: a category filter reaches the tiles and survives a reload', async ({
	page
}) => {
	await signIn(page, 'dieuphoi');
	await mapIdle(page);
	await page.getByTestId('style-select').selectOption('status');
	await page.getByText('Bộ lọc').click();
	await page.getByRole('checkbox', { name: 'Hộ nghèo' }).check();
	await expect(page).toHaveURL(/style=status/);
	await expect(page).toHaveURL(/category=poor_household/);

	await page.evaluate(() => (window as unknown as MapWindow).waterlineMap.jumpTo({ zoom: 15 }));
	const categories = async () => {
		await mapIdle(page);
		return page.evaluate(() => [
			...new Set(
				(window as unknown as MapWindow).waterlineMap
					.queryRenderedFeatures({ layers: ['customers'] })
					.map((f) => f.properties.category as string)
			)
		]);
	};
	await expect.poll(categories).toEqual(['poor_household']);

	// A reload (the link someone was sent) reopens the same filter and style.
	await page.reload();
	await expect(page.getByTestId('style-select')).toHaveValue('status');
	await expect(page.getByRole('checkbox', { name: 'Hộ nghèo' })).toBeChecked();
	await expect.poll(categories).toEqual(['poor_household']);
	const colour = await page.evaluate(() =>
		JSON.stringify(
			(window as unknown as MapWindow).waterlineMap.getPaintProperty('customers', 'circle-color')
		)
	);
	expect(colour).toContain('"status"');
});

test('a billing clerk without the export right selects with the polygon tool but cannot export', async ({
	page
}) => {
	await signIn(page, 'hoadon');
	await mapIdle(page);
	await page.evaluate(() => (window as unknown as MapWindow).waterlineMap.jumpTo({ zoom: 16 }));
	await mapIdle(page);

	await page.getByTestId('tool-polygon').click();
	await expect(page.getByTestId('tool-polygon')).toHaveAttribute('aria-pressed', 'true');
	const box = (await page.getByTestId('map').boundingBox())!;
	const cx = box.x + box.width * 0.6;
	const cy = box.y + box.height * 0.5;
	const answer = page.waitForResponse('**/api/map/selection/query');
	await page.mouse.click(cx - 120, cy - 80);
	await page.mouse.click(cx + 120, cy - 80);
	await page.mouse.click(cx + 120, cy + 80);
	// The double-click closes the polygon (its two clicks add no extra corner).
	await page.mouse.dblclick(cx - 120, cy + 80);
	const response = await answer;
	expect(response.status()).toBe(200);
	const sent = response.request().postDataJSON() as { polygon: Polygon };
	expect(sent.polygon.coordinates[0]).toHaveLength(5);

	const panel = page.getByTestId('selection-panel');
	await expect(panel.getByTestId('selection-total')).toBeVisible();
	await expect(panel.getByRole('button', { name: 'Xuất Excel' })).toBeDisabled();
	// The tool hands the pointer back once the polygon is closed.
	await expect(page.getByTestId('tool-polygon')).toHaveAttribute('aria-pressed', 'false');
	// And the server refuses the export too, whatever the page does.
	// Same origin, so the refusal is the permission guard's and not SvelteKit's CSRF check.
	const refused = await page.request.post('/api/map/selection/export', {
		headers: { origin: new URL(page.url()).origin },
		form: { selection: JSON.stringify({ polygon: sent.polygon }) }
	});
	expect(refused.status()).toBe(403);
	expect(await refused.text()).toContain('map.export');
});
