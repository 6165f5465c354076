import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { appDatabase } from './support/database.ts';
import { login } from './support/login.ts';

const vnd = new Intl.NumberFormat('vi-VN', {
	style: 'currency',
	currency: 'VND',
	maximumFractionDigits: 0
});

type Invoice = { customerId: number; code: string; total: number };

/**
 * Two issued, unpaid invoices of the last route in the last locked period, for customers who
 * owe nothing else and hold no credit (so "paid in full" is exactly the invoice), from the
 * demo's billing of that period. No other spec pays on the last route.
 */
async function twoInvoices(db: ReturnType<typeof appDatabase>) {
	const [period] = await db<{ id: number }[]>`
		select id from reading_period where status = 'locked'
		order by period_month desc limit 1`;
	const [route] = await db<{ id: number }[]>`
		select r.id from route r where exists (select 1 from customer c where c.route_id = r.id)
		order by r.code desc limit 1`;
	const invoices = await db<Invoice[]>`
		select i.customer_id as "customerId", c.code, i.total_vnd::int as total
		from invoice i join customer c on c.id = i.customer_id
		where i.period_id = ${period.id} and i.route_id = ${route.id} and i.status = 'issued'
			and not i.trial and i.kind = 'regular' and i.paid_vnd = 0 and i.total_vnd > 60000
			and not exists (select 1 from invoice o where o.customer_id = i.customer_id and o.id <> i.id
				and o.status in ('issued', 'paid') and o.total_vnd <> o.paid_vnd)
			and not exists (select 1 from receipt r where r.customer_id = i.customer_id)
		order by c.route_seq, c.code limit 2`;
	return { period, route, invoices };
}

test('record a payment: one invoice in full and another partly, outstanding updates and receipts are numbered', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		const { period, route, invoices } = await twoInvoices(db);
		expect(invoices).toHaveLength(2);
		const [full, part] = invoices;

		await login(page, 'thungan', '/payments');
		await expect(page).toHaveURL(/\/payments\/record$/);
		await page.locator('select[name="period"]').selectOption(String(period.id));
		await page.locator('select[name="route"]').selectOption(String(route.id));
		await page.getByRole('button', { name: 'Xem' }).click();
		await expect(page).toHaveURL(new RegExp(`period=${period.id}&route=${route.id}`));

		const fullRow = page.getByTestId(`row-${full.code}`);
		const partRow = page.getByTestId(`row-${part.code}`);
		await expect(fullRow.locator('[data-col="due"]')).toHaveText(vnd.format(full.total));
		await expect(partRow.locator('[data-col="outstanding"]')).toHaveText(vnd.format(part.total));

		await page.getByLabel(`Đã thu đủ ${full.code}`).check();
		await page.getByLabel(`Số tiền thu ${part.code}`).fill('50.000');
		await page.getByRole('button', { name: 'Ghi nhận thu tiền' }).click();

		const recorded = page.getByTestId('recorded');
		await expect(recorded).toContainText(`Đã lập 2 phiếu thu`);
		await expect(recorded.getByRole('link')).toHaveCount(2);
		await expect(recorded.getByRole('link').first()).toHaveText(/^PT-\d{4}-\d{6}$/);
		await expect(fullRow.locator('[data-col="outstanding"]')).toHaveText(vnd.format(0));
		await expect(fullRow.locator('[data-col="paid"]')).toHaveText(vnd.format(full.total));
		await expect(partRow.locator('[data-col="outstanding"]')).toHaveText(
			vnd.format(part.total - 50_000)
		);
		await expect(partRow.locator('[data-col="due"]')).toHaveText(vnd.format(part.total - 50_000));

		const [paid] = await db<{ status: string; paid: number }[]>`
			select status, paid_vnd::int as paid from invoice
			where customer_id = ${full.customerId} and period_id = ${period.id}`;
		expect(paid).toEqual({ status: 'paid', paid: full.total });

		// The partial payment's printable receipt.
		await recorded.getByRole('link').nth(1).click();
		await expect(page.getByTestId('slip-number')).toHaveText(/^PT-\d{4}-\d{6}$/);
		await expect(page.getByTestId('slip-amount')).toHaveText(vnd.format(50_000));
		await expect(page.getByTestId('slip')).toContainText(part.code);
		await expect(page.getByTestId('slip')).toContainText('Năm mươi nghìn đồng');
	} finally {
		await db.end();
	}
});

test('import a bank statement: a matched transfer pays its invoice, the rest waits for review or comes back annotated', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		// The record test above took the first two clean invoices of the route; this takes the next.
		const { invoices } = await twoInvoices(db);
		const [payer] = invoices;
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Sao ke');
		sheet.addRow(['SAO KÊ TÀI KHOẢN THANH TOÁN']);
		sheet.addRow(['Ngày giao dịch', 'Số tiền ghi có', 'Nội dung', 'Số tham chiếu', 'Số dư']);
		sheet.addRow(['03/11/2026', payer.total, `TIEN NUOC ${payer.code}`, 'E2EFT0001', 0]);
		sheet.addRow(['03/11/2026', 120_000, 'chuyen tien nuoc', 'E2EFT0002', 0]);
		sheet.addRow(['04/11/2026', -5_000, 'phi', 'E2EFT0003', 0]);
		const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

		await login(page, 'thungan', '/payments/bank');
		await page.getByLabel('Tệp sao kê').setInputFiles({
			name: 'sao-ke-e2e.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer
		});
		await page.getByRole('button', { name: 'Nhập và đối chiếu' }).click();
		await expect(page.getByTestId('bank-imported')).toContainText(
			'1 dòng khớp, 1 chờ xử lý, 1 lỗi, 0 trùng'
		);
		await expect(page.getByTestId('bank-review')).toContainText('chuyen tien nuoc');
		const [paid] = await db<{ status: string }[]>`
			select i.status from invoice i join customer c on c.id = i.customer_id
			where c.code = ${payer.code} and i.paid_vnd = i.total_vnd`;
		expect(paid).toEqual({ status: 'paid' });

		await page.getByTestId('bank-imported').getByRole('link').click();
		const matched = page.getByTestId('bank-lines').locator('tr[data-status="matched"]');
		await expect(matched).toContainText(payer.code);
		await expect(matched).toContainText(/PT-\d{4}-\d{6}/);
		const href = await page.getByTestId('bank-rejects').getAttribute('href');
		const rejects = await page.request.get(href!);
		expect(rejects.status()).toBe(200);
		const annotated = new ExcelJS.Workbook();
		await annotated.xlsx.load((await rejects.body()) as never);
		expect(String(annotated.worksheets[0].getRow(2).getCell(7).value)).toContain('số tiền âm');

		await page.goto(`/payments/slips?customer=${payer.code}`);
		await expect(page.getByTestId('slips')).toContainText('Chuyển khoản');
	} finally {
		await db.end();
	}
});
