import { expect, test } from '@playwright/test';
import { appDatabase } from './support/database.ts';

test('a counter request becomes an order, is assigned, and its timeline shows who did what', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		const [customer] = await db<{ code: string; name: string }[]>`
			select code, name from customer where status = 'active' and geom is not null
			order by id limit 1`;
		const [tech] = await db<{ full_name: string }[]>`
			select full_name from staff where username = 'ghichiso'`;

		await page.goto('/login');
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await page.getByLabel('Tên đăng nhập').fill('dieuphoi');
		await page.getByLabel('Mật khẩu').fill('waterline-demo');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.waitForURL((url) => url.pathname !== '/login');

		await page.goto('/work-orders/new');
		// Typing before hydration would be lost (the search box is bound to page state).
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await page.getByLabel(/Tìm khách hàng/).fill(customer.code);
		await page.getByRole('button', { name: 'Tìm', exact: true }).click();
		await page
			.getByTestId('wo-customer-results')
			.getByRole('link', { name: 'Chọn' })
			.first()
			.click();
		await expect(page.getByTestId('wo-chosen')).toContainText(customer.code);

		await page.locator('select[name=kind]').selectOption('complaint');
		await page.locator('select[name=type]').selectOption('complaint_investigation');
		await page.locator('select[name=priority]').selectOption('high');
		await page.locator('textarea[name=description]').fill('Khách hàng báo nước yếu từ sáng');
		await page.getByRole('button', { name: 'Tạo phiếu công tác' }).click();

		await expect(page.getByTestId('wo-created')).toContainText(
			/Đã tạo phiếu PCT-\d{4}-\d{6} từ yêu cầu YC-/
		);
		const number = (await page.getByTestId('wo-number').textContent())!.trim();
		await expect(page.getByTestId('wo-status')).toHaveText('Mới');

		await page.getByLabel('Nhân viên').selectOption({ label: tech.full_name });
		await page.getByRole('button', { name: 'Giao việc' }).first().click();
		await expect(page.getByTestId('wo-status')).toHaveText('Đã giao');
		await expect(page.getByTestId('wo-assignee')).toHaveText(tech.full_name);
		const timeline = page.getByTestId('wo-timeline').getByRole('listitem');
		await expect(timeline).toHaveCount(2);
		await expect(timeline.nth(0)).toContainText('Mới');
		await expect(timeline.nth(0)).toContainText('bởi Demo Điều phối');
		await expect(timeline.nth(1)).toContainText('Mới → Đã giao');
		await expect(timeline.nth(1)).toContainText(`giao cho ${tech.full_name}`);

		// The list finds it by its status, with the customer.
		await page.goto('/work-orders?status=assigned&type=complaint_investigation');
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		const row = page.getByTestId('wo-table').getByRole('row', { name: new RegExp(number) });
		await expect(row).toContainText(customer.name);
		await expect(row).toContainText(tech.full_name);
	} finally {
		await db.end();
	}
});
