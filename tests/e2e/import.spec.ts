// Excel import through the UI: download the template, upload a small workbook made from it
// with one bad row, see that row's error in the preview, commit, and download the rejects.
import { readFile } from 'node:fs/promises';
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

async function downloadWorkbook(page: Page, link: string): Promise<ExcelJS.Workbook> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: link }).click()
	]);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
	return wb;
}

test('import a workbook with one bad row: preview, commit, rejects', async ({ page }) => {
	await signIn(page, 'cskh');
	await page.goto('/customers/import');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByRole('heading', { name: 'Nhập khách hàng từ Excel' })).toBeVisible();

	const template = await downloadWorkbook(page, 'Tải tệp mẫu (.xlsx)');
	const sheet = template.worksheets[0];
	const header = (sheet.getRow(1).values as string[]).slice(1);
	expect(header).toContain('Mã khách hàng');
	expect(header).toContain('Số seri đồng hồ');
	expect(header).toContain('Ngày ký hợp đồng');
	expect(template.getWorksheet('Hướng dẫn')).toBeTruthy();

	// The example row is valid; two more rows from it, the last with a broken phone number.
	const col = (name: string) => header.indexOf(name) + 1;
	// 1-based, as exceljs gives and takes it (a sliced copy would shift when cell A is blank).
	const example = sheet.getRow(2).values as ExcelJS.CellValue[];
	const stamp = Date.now().toString(36).toUpperCase();
	const rows = [
		{ name: 'Nguyễn Thị Nhập Một', serial: `E2E-${stamp}-1`, phone: '0905111222' },
		{ name: 'Trần Văn Nhập Hai', serial: `E2E-${stamp}-2`, phone: '0905333444' },
		{ name: 'Lê Văn Sai Số', serial: `E2E-${stamp}-3`, phone: '12-34' }
	];
	rows.forEach((r, i) => {
		const row = sheet.getRow(i + 2);
		row.values = example;
		row.getCell(col('Tên khách hàng')).value = r.name;
		row.getCell(col('Số seri đồng hồ')).value = r.serial;
		row.getCell(col('Điện thoại')).value = r.phone;
		row.commit();
	});
	const upload = Buffer.from(await template.xlsx.writeBuffer());

	await page.locator('input[type=file]').setInputFiles({
		name: 'khach-hang-e2e.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: upload
	});
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
	await page.waitForURL(/\/customers\/import\/\d+$/);
	await expect(page.getByTestId('batch-status')).toHaveText('Chờ xác nhận');
	await expect(page.getByTestId('count-create')).toHaveText('2');
	await expect(page.getByTestId('count-error')).toHaveText('1');
	const bad = page.locator('tr[data-row="4"]');
	await expect(bad).toContainText('Lỗi');
	await expect(bad).toContainText('Điện thoại');
	await expect(bad).toContainText('số điện thoại');

	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: /Nhập 2 dòng hợp lệ/ }).click();
	await expect(page.getByTestId('batch-status')).toHaveText('Đã nhập');

	const rejects = await downloadWorkbook(page, 'Tải tệp dòng lỗi (.xlsx)');
	const rs = rejects.worksheets[0];
	const rHeader = (rs.getRow(1).values as string[]).slice(1);
	expect(rHeader.at(-1)).toBe('Lỗi');
	const dataRows = [];
	for (let r = 2; r <= rs.rowCount; r++)
		if (rs.getRow(r).getCell(rHeader.indexOf('Tên khách hàng') + 1).value)
			dataRows.push(rs.getRow(r));
	expect(dataRows).toHaveLength(1);
	expect(dataRows[0].getCell(rHeader.indexOf('Tên khách hàng') + 1).value).toBe('Lê Văn Sai Số');
	expect(String(dataRows[0].getCell(rHeader.length).value)).toMatch(/^Điện thoại: /);
});
