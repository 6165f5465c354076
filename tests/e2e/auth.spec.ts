import { expect, test, type Page } from '@playwright/test';

const password = 'waterline-demo';

async function signIn(page: Page, username: string, pw = password) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(pw);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('a dispatcher signs in and the map renders customers from the database', async ({ page }) => {
	await signIn(page, 'dieuphoi');
	await expect(page).toHaveURL(/\/(#.*)?$/);
	await expect(page.getByTestId('current-user')).toContainText('Điều phối');
	await expect(page.getByTestId('map-summary')).toContainText('2.000 khách hàng');

	// Ask the map itself (MapLibre's API), not the DOM: features must have rendered.
	await page.waitForFunction(() => {
		const map = (window as unknown as { waterlineMap?: import('maplibre-gl').Map }).waterlineMap;
		return Boolean(map && map.loaded() && map.areTilesLoaded());
	});
	const counts = await page.evaluate(() => {
		const map = (window as unknown as { waterlineMap: import('maplibre-gl').Map }).waterlineMap;
		const ids = ['zones-fill', 'customers-cells', 'customers', 'master-meters'];
		return Object.fromEntries(
			ids.map((id) => [id, map.queryRenderedFeatures({ layers: [id] }).length])
		);
	});
	expect(counts['zones-fill']).toBeGreaterThan(0);
	expect(counts['master-meters']).toBeGreaterThan(0);
	expect(counts['customers-cells'] + counts['customers']).toBeGreaterThan(0);

	// Zoom to street level: individual customers with their attributes.
	await page.evaluate(() => {
		const map = (window as unknown as { waterlineMap: import('maplibre-gl').Map }).waterlineMap;
		map.jumpTo({ zoom: 16 });
	});
	await page.waitForFunction(() => {
		const map = (window as unknown as { waterlineMap: import('maplibre-gl').Map }).waterlineMap;
		return map.areTilesLoaded() && map.queryRenderedFeatures({ layers: ['customers'] }).length > 0;
	});
	const customer = await page.evaluate(() => {
		const map = (window as unknown as { waterlineMap: import('maplibre-gl').Map }).waterlineMap;
		return map.queryRenderedFeatures({ layers: ['customers'] })[0].properties;
	});
	expect(customer.code).toMatch(/^KH\d{8}$/);
	expect([
		'domestic',
		'poor_household',
		'administrative',
		'public_service',
		'production',
		'business'
	]).toContain(customer.category);
});

test('a wrong password gets a clear message and no session', async ({ page, context }) => {
	// Its own user: failed attempts count towards that username's sign-in limit.
	await signIn(page, 'thungan', 'wrong-password');
	await expect(page.getByRole('alert')).toHaveText('Sai tên đăng nhập hoặc mật khẩu.');
	await expect(page).toHaveURL(/\/login/);
	const cookies = await context.cookies();
	expect(cookies.find((c) => c.name === 'wl_session')).toBeUndefined();
	await page.goto('/');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page).toHaveURL(/\/login\?next=%2F/);
});

test('a reader gets 403 on the admin screen, and no admin link', async ({ page }) => {
	await signIn(page, 'ghichiso');
	// Without the map, the reader lands on the start page with their own modules.
	await expect(page).toHaveURL(/\/start$/);
	await expect(page.getByTestId('current-user')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Quản trị' })).toHaveCount(0);
	const response = await page.goto('/admin');
	expect(response?.status()).toBe(403);
	await expect(page.getByTestId('error-message')).toHaveText(
		'Bạn không có quyền truy cập trang này. (admin.access)'
	);
	// The guard decides on the route matched, so an encoded path is refused the same way.
	const encoded = await page.request.get('/%61dmin');
	expect(encoded.status()).toBe(403);
	const post = await page.request.post('/%61dmin?/updateUser', {
		form: { id: '1', role: 'field' }
	});
	expect(post.status()).toBe(403);
	// The tiles endpoint is guarded the same way: readers have no map permission.
	const tile = await page.request.get('/tiles/customers/14/13085/7536.mvt');
	expect(tile.status()).toBe(403);
	const encodedTile = await page.request.get('/%74iles/customers/14/13085/7536.mvt');
	expect(encodedTile.status()).toBe(403);
});

test('an admin manages users, and sign out ends the session', async ({ page, context }) => {
	await signIn(page, 'admin');
	await page.getByRole('link', { name: 'Quản trị' }).click();
	await expect(
		page.getByRole('heading', { name: 'Quản trị người dùng và phân quyền' })
	).toBeVisible();
	await expect(page.getByRole('cell', { name: 'ghichiso', exact: true })).toBeVisible();

	const token = (await context.cookies()).find((c) => c.name === 'wl_session')?.value;
	expect(token).toBeTruthy();
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/login/);
	// The old cookie is dead on the server, not just deleted in this browser.
	await context.addCookies([
		{ name: 'wl_session', value: token!, url: `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}` }
	]);
	const response = await page.goto('/admin');
	expect(page.url()).toContain('/login');
	expect(response?.status()).toBe(200);
});

test('the interface switches to English', async ({ page }) => {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Ngôn ngữ').selectOption('en');
	await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
	await page.getByLabel('Username').fill('kysu');
	await page.getByLabel('Password').fill('nope');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
});
