import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';

const password = 'waterline-demo';

async function signIn(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Customer codes in the order the table shows them. */
const rowCodes = (page: Page) =>
	page
		.locator('tbody tr')
		.evaluateAll((rows) =>
			rows.map((r) => (r as HTMLTableRowElement).cells[2].textContent!.trim())
		);
const rowSeqs = (page: Page) =>
	page.locator('tbody td.seq').evaluateAll((cells) => cells.map((c) => Number(c.textContent)));

test('customer service opens a route, moves a customer up, renumbers and exports', async ({
	page
}) => {
	await signIn(page, 'cskh');
	await page.goto('/routes?sort=customers&dir=desc');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByRole('heading', { name: 'Sổ đọc' })).toBeVisible();
	await page.screenshot({ path: 'test-results/routes-list.png' });
	const first = page.locator('tbody tr').first();
	const count = Number((await first.locator('td.num').textContent())!.replace(/\D/g, ''));
	expect(count).toBeGreaterThan(3);
	await first.getByRole('link').click();
	await expect(page).toHaveURL(/\/routes\/\d+$/);

	// The map shows one numbered stop per customer.
	await page.waitForFunction(() =>
		(window as unknown as { waterlineRouteMap?: { loaded(): boolean } }).waterlineRouteMap?.loaded()
	);
	await expect(page.locator('.route-stop')).toHaveCount(count);

	const before = await rowCodes(page);
	await page.getByRole('button', { name: `Đưa ${before[2]} lên` }).click();
	expect(await rowCodes(page)).toEqual([before[0], before[2], before[1], ...before.slice(3)]);
	// The focus stays with the moved customer, and the move is announced.
	await expect(page.getByRole('button', { name: `Đưa ${before[2]} lên` })).toBeFocused();
	await expect(page.locator('[aria-live="polite"]')).toHaveText(
		`Đã đưa ${before[2]} tới vị trí 2.`
	);
	const saving = page.waitForResponse((r) => r.url().includes('?/reorder'));
	await page.getByRole('button', { name: 'Lưu thứ tự' }).click();
	expect((await saving).status()).toBe(200);
	await expect(page.getByRole('status')).toContainText('Đã lưu thứ tự');
	await page.reload();
	expect(await rowCodes(page)).toEqual([before[0], before[2], before[1], ...before.slice(3)]);
	await expect(page.getByRole('button', { name: 'Lưu thứ tự' })).toBeDisabled();

	// From the map: pick the last customer, then the first; they lead the new order.
	const saved = await rowCodes(page);
	const ids = await page
		.locator('tbody tr')
		.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.customerId!));
	await page.getByRole('button', { name: 'Chọn thứ tự trên bản đồ' }).click();
	for (const id of [ids.at(-1)!, ids[0]])
		await page
			.locator(`.route-stop[data-customer-id="${id}"]`)
			.evaluate((el) => (el as HTMLElement).click());
	await expect(page.locator('.route-stop.picked')).toHaveCount(2);
	await page.getByRole('button', { name: 'Áp dụng thứ tự' }).click();
	expect(await rowCodes(page)).toEqual([saved.at(-1)!, ...saved.slice(0, -1)]);
	await page.getByRole('button', { name: 'Hoàn tác' }).click();
	expect(await rowCodes(page)).toEqual(saved);

	page.once('dialog', (d) => d.accept());
	await page.getByRole('button', { name: /Đánh lại STT/ }).click();
	await expect(page.getByRole('status')).toContainText('Đã đánh lại');
	const seqs = await rowSeqs(page);
	expect(seqs).toEqual(seqs.map((_, i) => (i + 1) * 10));
	const order = await rowCodes(page);

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Xuất Excel' }).click();
	const file = await (await download).path();
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(file);
	const sheet = workbook.worksheets[0];
	expect(sheet.getRow(1).getCell(2).value).toBe('Mã KH');
	const codes: string[] = [];
	sheet.eachRow((row, n) => {
		if (n > 1) codes.push(String(row.getCell(2).value));
	});
	expect(codes).toEqual(order);
	await page.screenshot({ path: 'test-results/routes-detail.png', fullPage: false });
});

test('customer service moves two customers to another route, after a chosen customer', async ({
	page
}) => {
	await signIn(page, 'cskh');
	await page.goto('/routes?sort=customers&dir=desc');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const links = page.locator('tbody tr td:first-child a');
	const targetCode = (await links.nth(1).textContent())!.trim();
	await links.first().click();
	await expect(page).toHaveURL(/\/routes\/\d+$/);
	await expect(page.getByRole('button', { name: 'Lưu thứ tự' })).toBeVisible();
	const codes = await rowCodes(page);
	for (const code of [codes[1], codes[3]])
		await page.getByRole('checkbox', { name: `Chọn ${code}` }).check();
	await expect(page.getByText('Đã chọn 2')).toBeVisible();
	const target = page.getByLabel('Sang sổ');
	const value = await target
		.locator('option', { hasText: `${targetCode} ·` })
		.getAttribute('value');
	// The target's customers load from /api/routes/[id]/customers.
	const loaded = page.waitForResponse((r) => r.url().endsWith(`/api/routes/${value}/customers`));
	await target.selectOption(value!);
	expect((await loaded).status()).toBe(200);
	const position = page.getByLabel('Vị trí');
	await expect(position.locator('option')).not.toHaveCount(1);
	const after = (await position.locator('option').nth(1).textContent())!;
	await position.selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Chuyển', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('Đã chuyển 2 khách hàng');
	expect(await rowCodes(page)).toEqual(codes.filter((c) => c !== codes[1] && c !== codes[3]));

	await page.goto('/routes?q=' + targetCode);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByRole('link', { name: targetCode }).click();
	await expect(page).toHaveURL(/\/routes\/\d+$/);
	await expect(page.getByRole('button', { name: 'Lưu thứ tự' })).toBeVisible();
	const moved = await rowCodes(page);
	const anchor = after.split(' · ')[1].split(' ')[0];
	const k = moved.indexOf(anchor);
	expect(moved.slice(k, k + 3)).toEqual([anchor, codes[1], codes[3]]);
});

test('a reader sees only their routes, without edit tools', async ({ page }) => {
	await signIn(page, 'ghichiso');
	const res = await page.goto('/routes');
	// Field staff have no routes module by default: refused on the server.
	expect(res?.status()).toBe(403);
});
