// The register through the UI as customer service: create a customer, find it in the list by a
// search typed without diacritics, suspend it with a reason, and see the event in its history.
import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

const password = 'waterline-demo';

async function signIn(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/(\?.*)?(#.*)?$/);
}

test('create, search without diacritics, suspend with a reason, see it in the history', async ({
	page
}) => {
	await signIn(page, 'cskh');
	await page.goto('/customers/new');
	// Typing before hydration would be lost (the inputs are bound to page state).
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByTestId('customer-code')).toHaveValue('Cấp tự động khi lưu');

	// A refused form comes back with the values typed and a message beside the field.
	await page.getByLabel('Tên khách hàng').fill('Phạm Thị Ngọc Ánh Đồng');
	await page.getByLabel('Địa chỉ', { exact: true }).fill('15 Nguyễn Huệ');
	await page.getByLabel('Phường/xã').selectOption({ index: 1 });
	await page.getByLabel('Kinh độ').fill('107.5909');
	await page.getByLabel('Vĩ độ').fill('16.4637');
	await page.getByLabel('Điện thoại').fill('12345');
	await page.getByLabel('Đối tượng sử dụng').selectOption({ label: 'Sinh hoạt' });
	await page.getByRole('button', { name: 'Tạo khách hàng' }).click();
	await expect(page.locator('[data-field-error="phone"]')).toContainText(
		'số điện thoại phải có 9–12 chữ số'
	);
	await expect(page.getByLabel('Tên khách hàng')).toHaveValue('Phạm Thị Ngọc Ánh Đồng');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

	await page.getByLabel('Điện thoại').fill('+84 905.123.456');
	await page.getByRole('button', { name: 'Tạo khách hàng' }).click();
	await expect(page).toHaveURL(/\/customers\/\d+/);
	const code = (await page.getByTestId('header-code').textContent())!.trim();
	expect(code).toMatch(/^KH\d{8}$/);
	await expect(page.locator('main input[name="phone"]').first()).toHaveValue('0905123456');

	await page.goto('/customers');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByRole('searchbox').fill('ngoc anh dong');
	await page.getByRole('button', { name: 'Tìm', exact: true }).click();
	await expect(page).toHaveURL(/q=ngoc\+anh\+dong/);
	const row = page.getByRole('row').filter({ hasText: code });
	await expect(row).toContainText('Phạm Thị Ngọc Ánh Đồng');
	await row.getByRole('link', { name: code }).click();

	await page.getByLabel('Lý do').fill('Khách đi vắng dài ngày');
	await page.getByRole('button', { name: 'Tạm ngưng' }).click();
	await expect(page.getByTestId('status-badge')).toHaveText('Tạm ngừng');

	await page.getByRole('link', { name: 'Lịch sử' }).click();
	const timeline = page.getByTestId('timeline');
	await expect(timeline.locator('li.event').first()).toContainText(
		/Tạm ngưng từ ngày \d\d\/\d\d\/\d{4}/
	);
	await expect(timeline).toContainText('Lý do: Khách đi vắng dài ngày');
	await expect(timeline).toContainText(`Tạo khách hàng ${code}`);
});

test('bulk delete removes the deletable customers and names the one a contract keeps', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		// Three copies of a seeded customer under a name nobody else has; one gets a contract.
		const made = await db<{ id: number; code: string }[]>`
			insert into customer (name, kind, address, ward_id, geom, category)
			select 'Khách Xóa Thử ' || n, kind, address, ward_id, geom, category
			from customer, generate_series(1, 3) n where id = (select min(id) from customer)
			returning id, code`;
		await db`insert into contract (customer_id, revision, signed_on)
			values (${made[2].id}, 1, '2026-01-05')`;

		await signIn(page, 'cskh');
		await page.goto('/customers?q=khach+xoa+thu');
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(page.getByTestId('total')).toHaveText('3 khách hàng');
		await page.getByLabel('Chọn cả trang').check();
		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: 'Xóa 3 khách hàng đã chọn' }).click();
		await expect(page.getByRole('status')).toHaveText(`Đã xóa: ${made[0].code}, ${made[1].code}`);
		await expect(page.getByRole('alert')).toHaveText(
			`Không thể xóa ${made[2].code}: có 1 hợp đồng`
		);
		await expect(page.getByTestId('total')).toHaveText('1 khách hàng');
	} finally {
		await db.end();
	}
});
