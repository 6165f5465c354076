import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

async function login(page: Page, username: string, next: string) {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('waterline-demo');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

// The second-latest locked period: the demo bills the latest, the invoices spec the oldest.
test('a billing clerk bills one route and watches the run progress live to its summary', async ({
	page,
	baseURL
}) => {
	test.setTimeout(120_000);
	const db = appDatabase(baseURL);
	try {
		const [period] = await db<{ id: number }[]>`
			select id from reading_period where status = 'locked'
			order by period_month desc offset 1 limit 1`;
		const [route] = await db<{ id: number; code: string; customers: number }[]>`
			select r.id, r.code, count(c.id)::int as customers from route r
			join customer c on c.route_id = r.id
			where r.id in (select s.route_id from staff_route_scope s join staff st on st.id = s.staff_id
				where st.username = 'hoadon')
			group by r.id order by r.code limit 1`;

		await login(page, 'hoadon', '/billing');
		await expect(page.getByRole('heading', { name: 'Tính tiền nước', level: 1 })).toBeVisible();
		await page.getByLabel('Kỳ ghi').selectOption(String(period.id));
		await page.getByLabel('Chính thức').check();
		await page.getByLabel('Các tuyến chọn').check();
		await page
			.getByRole('group', { name: 'Tuyến đọc' })
			.getByText(route.code, { exact: false })
			.click();
		await page.getByRole('button', { name: 'Bắt đầu tính tiền' }).click();
		await page.waitForURL(/\/billing\/runs\/\d+$/);
		const runId = Number(page.url().split('/').pop());

		// The page is never reloaded by the test: the run's events move it to its end.
		await expect(page.getByTestId('run-status')).toHaveText('Hoàn tất', { timeout: 60_000 });
		await expect(page.getByTestId('run-progress')).toHaveText(
			`Đã xử lý ${route.customers.toLocaleString('vi-VN')} / ${route.customers.toLocaleString('vi-VN')} khách hàng`
		);
		const [made] = await db<{ n: number; total: string }[]>`
			select count(*)::int as n, coalesce(sum(total_vnd), 0)::text as total from invoice
			where run_id = ${runId} and route_id = ${route.id} and status = 'draft' and not trial`;
		expect(made.n).toBeGreaterThan(0);
		const summary = page.getByTestId('run-summary');
		await expect(summary.getByRole('row', { name: /^Hóa đơn/ })).toContainText(
			made.n.toLocaleString('vi-VN')
		);
		await expect(summary.getByRole('row', { name: /^Thành tiền/ })).toContainText(
			Number(made.total).toLocaleString('vi-VN')
		);
		await expect(page.locator(`tr[data-route="${route.code}"]`)).toContainText('Hoàn tất');

		// The run is listed on the billing page with its invoices.
		await page.goto('/billing');
		await expect(page.getByRole('link', { name: `#${runId}` })).toBeVisible();
	} finally {
		await db.end();
	}
});

test('a final run of a period that is not locked is refused with the reason', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		const [open] = await db<{ id: number }[]>`select id from reading_period where status = 'open'`;
		await login(page, 'hoadon', '/billing');
		await page.getByLabel('Kỳ ghi').selectOption(String(open.id));
		// The form only offers a trial for it; a forged final post is refused by the server.
		await expect(page.getByLabel('Chính thức')).toBeDisabled();
		const response = await page.request.post('/billing?/start', {
			form: { periodId: String(open.id), mode: 'final', scope: 'all' },
			headers: { origin: new URL(baseURL!).origin }
		});
		expect(response.status()).toBe(409);
		expect(await response.text()).toContain('chưa khóa sổ');
	} finally {
		await db.end();
	}
});
