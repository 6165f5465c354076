// Readings received as a workbook through the UI, as the billing clerk: download the template,
// upload a small file made from it with one bad row, see the error in the preview, commit,
// download the rejects, and find the two readings recorded in the open period.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

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

test('receive a readings file with one bad row: preview, commit, rejects', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		// Whatever period is open; three customers of the clerk's last route, from its end (the
		// other specs read routes from their start), with a meter in service.
		const [period] = await db<{ id: number; month: string }[]>`
			select id, to_char(period_month, 'MM/YYYY') as month from reading_period where status = 'open'`;
		const customers = await db<{ id: number; code: string; serial: string; start: number }[]>`
			select c.id, c.code, m.serial,
				coalesce((select r.current_index from reading r join reading_period p on p.id = r.period_id
					where r.customer_id = c.id and p.status <> 'open' and r.current_index is not null
					order by p.period_month desc limit 1), m.initial_index)::float8 as start
			from customer c join meter m on m.customer_id = c.id and m.status = 'in_service'
			where c.route_id = (select max(s.route_id) from staff_route_scope s
				join staff st on st.id = s.staff_id where st.username = 'hoadon')
				and c.status = 'active' and m.dial_digits = 5
			order by c.route_seq desc limit 3`;
		expect(customers).toHaveLength(3);

		await signIn(page, 'hoadon');
		await page.goto('/readings/import');
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(page.getByRole('heading', { name: 'Nhận chỉ số từ tệp Excel' })).toBeVisible();
		await expect(page.getByLabel('Kỳ ghi')).toHaveValue(String(period.id));

		const template = await downloadWorkbook(page, 'Tải tệp mẫu chỉ số (.xlsx)');
		const sheet = template.worksheets[0];
		const header = (sheet.getRow(1).values as string[]).slice(1);
		expect(header).toEqual([
			'Mã KH',
			'Số seri đồng hồ',
			'Chỉ số mới',
			'Mã ghi chú',
			'Ngày ghi',
			'Ghi chú'
		]);
		expect(template.getWorksheet('Hướng dẫn')).toBeTruthy();

		// Two good rows (the second says the meter could not be read) and one index that is not a number.
		const rows = [
			[customers[0].code, customers[0].serial, customers[0].start + 6, null, null, 'e2e'],
			[customers[1].code, null, null, 'Cổng khóa', null, null],
			[customers[2].code, null, 'mười', null, null, null]
		];
		rows.forEach((values, i) => {
			const row = sheet.getRow(i + 2);
			row.values = values;
			row.commit();
		});
		await page.getByLabel(/Chọn tệp .xlsx/).setInputFiles({
			name: 'chi-so-e2e.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: Buffer.from(await template.xlsx.writeBuffer())
		});
		await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
		await page.waitForURL(/\/readings\/import\/\d+$/);
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(page.getByTestId('batch-status')).toHaveText('Chờ xác nhận');
		await expect(page.getByTestId('batch-period')).toHaveText(period.month);
		await expect(page.getByTestId('count-error')).toHaveText('1');
		const good = page.locator('tr[data-row="2"]');
		await expect(good).toContainText(customers[0].code);
		await expect(good).toContainText('m³');
		const bad = page.locator('tr[data-row="4"]');
		await expect(bad).toContainText('Chỉ số mới');
		await expect(bad).toContainText('không phải là số');

		page.once('dialog', (d) => void d.accept());
		await page.getByRole('button', { name: /Ghi 2 chỉ số hợp lệ/ }).click();
		await expect(page.getByTestId('batch-status')).toHaveText('Đã nhập');

		const rejects = await downloadWorkbook(page, 'Tải tệp dòng lỗi (.xlsx)');
		const rs = rejects.worksheets[0];
		const rHeader = (rs.getRow(1).values as string[]).slice(1);
		expect(rHeader.at(-1)).toBe('Lỗi');
		const listed = [];
		for (let r = 2; r <= rs.rowCount; r++)
			if (rs.getRow(r).getCell(1).value) listed.push(rs.getRow(r));
		expect(listed).toHaveLength(1);
		expect(listed[0].getCell(1).value).toBe(customers[2].code);
		expect(String(listed[0].getCell(rHeader.length).value)).toMatch(/^Chỉ số mới: /);

		const stored = await db<{ customer_id: number; kind: string; source: string }[]>`
			select customer_id, kind, source from reading
			where period_id = ${period.id} and customer_id in ${db(customers.map((c) => c.id))}
				and source = 'import' order by customer_id`;
		expect(stored.map((r) => r.customer_id).sort()).toEqual(
			[customers[0].id, customers[1].id].sort()
		);
	} finally {
		await db.end();
	}
});
