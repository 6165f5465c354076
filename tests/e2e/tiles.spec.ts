import { expect, test, type APIRequestContext } from '@playwright/test';

// The tile endpoint over HTTP, as MapLibre calls it: status codes, reasons and caching.
const password = 'waterline-demo';

async function signIn(request: APIRequestContext, username: string) {
	const page = await request.get('/login');
	expect(page.ok()).toBe(true);
	const response = await request.post('/login', {
		form: { username, password },
		headers: { origin: new URL(page.url()).origin },
		maxRedirects: 0
	});
	expect(response.status(), await response.text()).toBeLessThan(400);
}

/** A z14 tile at the utility's centre (the demo data is around Huế, 16.46 N 107.59 E). */
const tile = '/tiles/customers/14/13088/7432.mvt';

test('anonymous tile requests get 401', async ({ playwright, baseURL }) => {
	const anonymous = await playwright.request.newContext({ baseURL });
	const response = await anonymous.get(tile);
	expect(response.status()).toBe(401);
	await anonymous.dispose();
});

test('bad tile addresses get 400 with the reason', async ({ request }) => {
	await signIn(request, 'dieuphoi');
	const cases: [string, RegExp][] = [
		['/tiles/pipes/14/1/1.mvt', /layer: unknown layer/],
		['/tiles/customers/23/1/1.mvt', /z: at most 22/],
		['/tiles/customers/3/8/1.mvt', /outside the tile grid/],
		['/tiles/customers/3/-1/1.mvt', /must be a whole number/],
		['/tiles/customers/14/13088/7432.mvt?category=villa', /category: unknown category/],
		['/tiles/customers/14/13088/7432.mvt?ward=1,x', /ward: ids must be positive whole numbers/]
	];
	for (const [path, reason] of cases) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(400);
		expect(await response.text(), path).toMatch(reason);
	}
});

test('tiles carry an ETag and answer 304 when unchanged', async ({ request }) => {
	await signIn(request, 'dieuphoi');
	const first = await request.get(tile);
	expect(first.status()).toBe(200);
	expect(first.headers()['content-type']).toBe('application/vnd.mapbox-vector-tile');
	expect(first.headers()['cache-control']).toContain('private');
	const etag = first.headers()['etag'];
	expect(etag).toMatch(/^"[\w-]+"$/);
	const again = await request.get(tile, { headers: { 'if-none-match': etag } });
	expect(again.status()).toBe(304);
	const filtered = await request.get(`${tile}?category=business`, {
		headers: { 'if-none-match': etag }
	});
	expect(filtered.status()).toBe(200);
	expect(filtered.headers()['etag']).not.toBe(etag);
});

test('staff without the map, or asking outside their routes, get 403', async ({
	playwright,
	baseURL
}) => {
	const cashier = await playwright.request.newContext({ baseURL });
	await signIn(cashier, 'thungan');
	expect((await cashier.get(tile)).status()).toBe(403);
	await cashier.dispose();

	// The billing clerk is scoped to ten routes; route 9999 is not one of them.
	const clerk = await playwright.request.newContext({ baseURL });
	await signIn(clerk, 'hoadon');
	expect((await clerk.get(tile)).status()).toBe(200);
	const outside = await clerk.get(`${tile}?route=9999`);
	expect(outside.status()).toBe(403);
	expect(await outside.text()).toMatch(/route: not in your routes/);
	await clerk.dispose();
});
