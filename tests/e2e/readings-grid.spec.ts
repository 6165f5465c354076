import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

const password = 'waterline-demo';
/** An index as typed: at most 3 decimals (m³), whatever float sums leave behind. */
const typed = (n: number) => String(Math.round(n * 1000) / 1000);
const m3Text = (x: number) =>
	`${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 }).format(x)} m³`;

async function signIn(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

interface GridCustomer {
	id: string;
	code: string;
	status: string;
	start: number;
	average: number | null;
}

test('the billing clerk enters readings from the keyboard: Enter saves and moves on, a spike is flagged, a bad index is refused inline, a phone’s reading shows up', async ({
	page,
	browser,
	baseURL
}) => {
	await signIn(page, 'hoadon');
	await page.goto('/readings');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByRole('heading', { name: 'Kỳ ghi chỉ số' })).toBeVisible();
	// The demo opened December with nothing read; the clerk may not lock or open periods.
	const december = page.locator('tbody tr', { hasText: '12/2026' });
	await expect(december).toContainText('Đang mở');
	await expect(december.getByRole('button', { name: 'Đóng kỳ 12/2026' })).toBeVisible();
	await page.screenshot({ path: 'test-results/readings-periods.png', fullPage: true });
	await december.getByRole('link', { name: '12/2026' }).click();
	await expect(page).toHaveURL(/\/readings\/\d+$/);
	// The clerk's routes (the demo gives ten; attachments.spec.ts takes one away); the last one,
	// which the other specs leave alone.
	const scope = appDatabase(baseURL);
	const [{ n }] = await scope<{ n: number }[]>`
		select count(*)::int as n from staff_route_scope
		where staff_id = (select id from staff where username = 'hoadon')`;
	await scope.end();
	await expect(page.locator('tbody tr')).toHaveCount(n);
	await page.screenshot({ path: 'test-results/readings-period-routes.png' });
	await page.locator('tbody tr').last().getByRole('link', { name: 'Nhập chỉ số' }).click();
	await expect(page).toHaveURL(/\/readings\/\d+\/\d+$/);
	await expect(page.locator('input.index').first()).toBeVisible();
	await page.screenshot({ path: 'test-results/readings-grid.png' });

	// Rows with an input, in route order; start where three active ones with history follow.
	const rows: GridCustomer[] = await page
		.locator('tbody tr[data-customer-id]:has(input.index)')
		.evaluateAll((trs) =>
			trs.map((tr) => {
				const d = (tr as HTMLElement).dataset;
				return {
					id: d.customerId!,
					code: (tr as HTMLTableRowElement).cells[1].textContent!.trim(),
					status: d.status!,
					start: Number(d.startIndex),
					average: d.average ? Number(d.average) : null
				};
			})
		);
	const usable = (c: GridCustomer) =>
		c.status === 'active' && c.average !== null && c.average >= 1 && c.start < 90_000;
	const k = rows.findIndex(
		(_, i) => rows.slice(i, i + 3).length === 3 && rows.slice(i, i + 3).every(usable)
	);
	expect(k).toBeGreaterThanOrEqual(0);
	expect(rows.length).toBeGreaterThan(k + 4);
	const [a, b, c] = rows.slice(k, k + 3);
	const input = (x: GridCustomer) => page.locator(`tr[data-customer-id="${x.id}"] input.index`);
	const row = (x: GridCustomer) => page.locator(`tr[data-customer-id="${x.id}"]`);

	// Normal, spike (well beyond 50 % and 10 m³ over the average), normal.
	const used = [Math.round(a.average!), Math.round(b.average! * 2 + 25), Math.round(c.average!)];
	const customers = [a, b, c];
	await input(a).focus();
	for (const [i, x] of customers.entries()) {
		await expect(input(x)).toBeFocused();
		await page.keyboard.type(typed(x.start + used[i]));
		await page.keyboard.press('Enter');
		await expect(input(rows[k + i + 1])).toBeFocused();
		await expect(row(x).locator('.consumption')).toHaveText(m3Text(used[i]));
	}
	await expect(row(b).locator('.badge.flag.spike')).toHaveText('Tăng đột biến');
	await expect(row(b).locator('.badge.review')).toHaveText('Chờ duyệt');
	await expect(row(a).locator('.badge')).toHaveCount(0);
	await expect(row(c).locator('.badge')).toHaveCount(0);

	// Too many digits for any dial: refused under its row, naming the reason.
	const d = rows[k + 3];
	await page.keyboard.type('12345678901');
	await page.keyboard.press('Enter');
	const error = page.locator(`#err-${d.id}`);
	await expect(error).toContainText(`${d.code}: Chỉ số`);
	await expect(error).toContainText('chữ số');
	await expect(input(d)).toHaveAttribute('aria-invalid', 'true');
	// Shift+Enter goes back to it; Esc reverts the text and clears the error.
	await expect(input(rows[k + 4])).toBeFocused();
	await page.keyboard.press('Shift+Enter');
	await expect(input(d)).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(input(d)).toHaveValue('');
	await expect(error).toHaveCount(0);

	const db = appDatabase(baseURL);
	try {
		const saved = await db<
			{ customer_id: number; consumption_m3: string; flags: string[]; source: string }[]
		>`
			select r.customer_id, r.consumption_m3::text, r.flags, r.source from reading r
			join reading_period p on p.id = r.period_id and p.status = 'open'
			where r.customer_id = any(${customers.map((x) => Number(x.id))}::int[])
			order by array_position(${customers.map((x) => Number(x.id))}::int[], r.customer_id)`;
		expect(saved.map((r) => [Number(r.consumption_m3), r.source])).toEqual(
			used.map((u) => [u, 'grid'])
		);
		expect(saved[1].flags).toContain('spike');
		expect(
			await db`select 1 from reading where customer_id = ${Number(d.id)} and period_id = (select id from reading_period where status = 'open')`
		).toHaveLength(0);
	} finally {
		await db.end();
	}

	// The search finds a customer further down by its name without diacritics.
	const e = rows[k + 4];
	const name = await row(e).locator('td').nth(2).textContent();
	const folded = name!.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd');
	await page.getByRole('searchbox').fill(`${folded} ${e.code.toLowerCase()}`);
	await page.getByRole('searchbox').press('Enter');
	await expect(input(e)).toBeFocused();
	await page.getByRole('searchbox').fill('');

	// A reading saved elsewhere (here an admin's session, as a phone would) shows on its row.
	const other = await browser.newContext();
	try {
		const admin = await other.newPage();
		await signIn(admin, 'admin');
		const periodId = Number(new URL(page.url()).pathname.split('/')[2]);
		const res = await admin.request.post('/api/readings/entries', {
			data: { customerId: Number(e.id), periodId, index: typed(e.start + 3) }
		});
		expect(res.status()).toBe(200);

		// The rules form names the field it refuses; saving the same values changes nothing.
		await admin.goto('/readings');
		await admin.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		const tolerance = admin.getByLabel('Ngưỡng chênh lệch (%)');
		const before = await tolerance.inputValue();
		await tolerance.fill('0');
		await admin.getByRole('button', { name: 'Lưu quy tắc' }).click();
		await expect(admin.locator('#rules-error')).toContainText(
			'Ngưỡng chênh lệch (%)): phải lớn hơn 0'
		);
		await expect(tolerance).toHaveAttribute('aria-invalid', 'true');
		await tolerance.fill(before);
		await admin.getByRole('button', { name: 'Lưu quy tắc' }).click();
		await expect(admin.getByText('Đã lưu quy tắc.')).toBeVisible();
	} finally {
		await other.close();
	}
	await expect(row(e).locator('.consumption')).toHaveText(m3Text(3));
});
