// A customer-service clerk creates a customer, installs a meter, changes its seal, signs a
// contract and re-signs it, all through the UI; then finds both contracts in the search and
// the meter on the verification-due page's serial search.
import { expect, test, type Page } from '@playwright/test';

async function signIn(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('waterline-demo');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/(\?.*)?(#.*)?$/);
}

test('create a customer with a meter and a contract, then re-sign the contract', async ({
	page
}) => {
	// The service area from a seeded customer (found through the map's search endpoint), so the
	// new customer's point is accepted; no direct SQL, since other suites share the e2e port.
	await signIn(page, 'cskh');
	const found = await page.request.get('/api/map/search?q=KH0000001');
	expect(found.ok()).toBe(true);
	const { results } = (await found.json()) as { results: { lon: number; lat: number }[] };
	const near = results[0];
	const serial = `E2E-${Date.now() % 100_000_000}`;

	await page.goto('/customers/new');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.waitForLoadState('networkidle');
	const form = page.locator('form[action="?/createCustomer"]');
	await form.locator('input[name=name]').fill('Lê Văn Hợp Đồng');
	await form.locator('input[name=address]').fill('12 Đường Thử Nghiệm');
	await form.locator('select[name=ward_id]').selectOption({ index: 1 });
	await form.locator('select[name=zone_id]').selectOption({ index: 1 });
	await form.locator('input[name=lon]').fill((near.lon + 0.0001).toFixed(6));
	await form.locator('input[name=lat]').fill((near.lat + 0.0001).toFixed(6));
	await form.locator('select[name=category]').selectOption('domestic');
	await form.locator('input[name=phone]').fill('0905123456');
	await form.locator('button[type=submit]').click();
	await expect(page).toHaveURL(/\/customers\/\d+/);
	const customerId = Number(/\/customers\/(\d+)/.exec(page.url())![1]);

	// Install a meter.
	await page.goto(`/customers/${customerId}/meter`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	// Typing before hydration could be lost; forms are enhanced once the app has started.
	await page.waitForLoadState('networkidle');
	await expect(page.getByTestId('meter-none')).toBeVisible();
	const install = page.getByTestId('install-form');
	await install.locator('input[name=serial]').fill(serial);
	await install.locator('input[name=brand]').fill('Itron');
	await install.locator('input[name=sizeMm]').fill('15');
	await install.locator('input[name=sealNo]').fill('NC-001');
	await install.locator('input[name=initialIndex]').fill('12,5');
	await install.locator('input[name=installedBy]').fill('Tổ lắp đặt 1');
	await install.getByRole('button', { name: 'Lắp đồng hồ' }).click();
	await expect(page.getByTestId('meter-current')).toContainText(serial);
	await expect(page.getByTestId('next-index')).toHaveText('12,5 m³');

	// A second install with the same serial elsewhere would be refused; here: a seal change.
	await page.getByText('Đổi số niêm chì').first().click();
	const seal = page.locator('form[action="?/changeSeal"]');
	await seal.locator('input[name=sealNo]').fill('NC-002');
	await seal.locator('input[name=reason]').fill('Kẹp chì bị đứt');
	await seal.getByRole('button').click();
	await expect(page.getByTestId('meter-seal')).toHaveText('NC-002');
	await expect(page.getByTestId('meter-history')).toContainText('NC-001 → NC-002');

	// A replacement with a final index below the initial one is refused, naming the field.
	await page.getByText('Thay đồng hồ').first().click();
	const replace = page.locator('form[action="?/replaceMeter"]');
	await replace.locator('input[name=oldFinalIndex]').fill('3');
	await replace.locator('input[name=reason]').fill('Đồng hồ kẹt');
	await replace.locator('input[name="newMeter.serial"]').fill(`${serial}-N`);
	await replace.locator('input[name="newMeter.brand"]').fill('Zenner');
	await replace.locator('input[name="newMeter.sizeMm"]').fill('15');
	await replace.getByRole('button', { name: 'Thay đồng hồ' }).click();
	await expect(page.getByRole('alert')).toContainText('oldFinalIndex');
	// What was typed is still there; a correct final index goes through.
	await expect(replace.locator('input[name="newMeter.serial"]')).toHaveValue(`${serial}-N`);
	await replace.locator('input[name=oldFinalIndex]').fill('20');
	await replace.getByRole('button', { name: 'Thay đồng hồ' }).click();
	await expect(page.getByTestId('meter-current')).toContainText(`${serial}-N`);
	await expect(page.getByTestId('meter-history')).toContainText('chỉ số cuối 20 m³');

	// Sign the contract, then re-sign it.
	await page.goto(`/customers/${customerId}/contracts`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.waitForLoadState('networkidle');
	const sign = page.locator('form[action="?/createContract"]');
	await sign.locator('input[name=installationTeam]').fill('Đội lắp đặt số 2');
	await sign.getByRole('button', { name: 'Ký hợp đồng' }).click();
	const table = page.getByTestId('contracts-table');
	await expect(table).toContainText(/KH\d{8}\/01/);
	const code = /(KH\d{8})\/01/.exec((await table.textContent()) ?? '')![1];
	await expect(table.locator('tr', { hasText: `${code}/01` })).toContainText('Hiệu lực');

	await page.getByText('Ký lại hợp đồng').first().click();
	await page
		.locator('form[action="?/resignContract"]')
		.getByRole('button', { name: 'Ký lại hợp đồng' })
		.click();
	await expect(table.locator('tr', { hasText: `${code}/02` })).toContainText('Hiệu lực');
	await expect(table.locator('tr', { hasText: `${code}/01` })).toContainText('Đã thay thế');
	await expect(table.locator('tr', { hasText: `${code}/01` })).toContainText('Đội lắp đặt số 2');

	// Both are found in the search across all contracts, by name without diacritics.
	await page.goto('/contracts?q=le+van+hop+dong');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const contracts = page.getByTestId('contract-results');
	await expect(contracts).toContainText(`${code}/01`);
	await expect(contracts).toContainText(`${code}/02`);

	// And the meter by its serial on /meters.
	await page.goto(`/meters?serial=${serial}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByTestId('meter-search')).toContainText(`${serial}-N`);
});
