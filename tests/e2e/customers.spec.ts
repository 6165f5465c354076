// The register through the UI as customer service: create a customer, find it in the list by a
// search typed without diacritics, suspend it with a reason, and see the event in its history.
import { expect, test, type Page } from '@playwright/test';

const password = 'waterline-demo';

async function signIn(page: Page, username: string) {
	await page.goto('/login');
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

	await page.getByLabel('Điện thoại').fill('+84 905.123.456');
	await page.getByRole('button', { name: 'Tạo khách hàng' }).click();
	await expect(page).toHaveURL(/\/customers\/\d+/);
	const code = (await page.getByTestId('header-code').textContent())!.trim();
	expect(code).toMatch(/^KH\d{8}$/);
	await expect(page.locator('main input[name="phone"]').first()).toHaveValue('0905123456');

	await page.goto('/customers');
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
