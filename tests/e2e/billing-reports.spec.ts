// The billing reports as a billing clerk: the summary, ageing and receipts pages render, each
// table's total row is the sum of its rows (whatever the demo's October invoices are), bills
// and receipts made here for a quiet month of 2019 show with their own figures and Hanoi
// days, and an Excel file downloads; a viewer without billing.export cannot download.
import ExcelJS from 'exceljs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

const password = 'waterline-demo';

async function login(page: Page, username: string, next: string) {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** A vi-VN figure ("1.234.567 ₫", "1.234,5 m³", "12") as a number. */
const figure = (text: string) =>
	Number(
		text
			.replace(/[^\d,-]/g, '')
			.replace(',', '.')
			.trim()
	);

/** Checks that, per column `attr`=value, the cells of `rows` add up to the total row's cell. */
async function totalsAddUp(table: Locator, rowKind: string, attr: string, inner = '') {
	const total = table.locator('tr[data-row="total"]');
	const keys = await total
		.locator(`td[${attr}]`)
		.evaluateAll((cells, a) => cells.map((c) => c.getAttribute(a)!), attr);
	expect(keys.length).toBeGreaterThan(0);
	for (const key of keys) {
		const cells = await table
			.locator(`tr[data-row="${rowKind}"] td[${attr}="${key}"] ${inner}`.trim())
			.allTextContents();
		const sum = cells.reduce((s, t) => s + figure(t), 0);
		const expected = figure(
			(await total.locator(`td[${attr}="${key}"] ${inner}`.trim()).textContent()) ?? ''
		);
		expect(Math.round(sum * 1000), `${key}`).toBe(Math.round(expected * 1000));
	}
}

/** Rows the test wrote, removed at its end whatever happened. */
interface Made {
	period?: number;
	invoices: number[];
	receipts: number[];
}

/**
 * March 2019, a month no other spec uses: a closed period with three issued bills on two of
 * the clerk's routes and four receipts (one voided). Returns the customers billed.
 */
async function march2019(db: ReturnType<typeof appDatabase>, made: Made) {
	const customers = await db<{ id: number; code: string; routeId: number }[]>`
		select id, code, route_id as "routeId" from (
			select c.id, c.code, c.route_id, row_number() over (partition by c.route_id order by c.id) as k
			from customer c
			where c.route_id in (select sc.route_id from staff_route_scope sc
				join staff s on s.id = sc.staff_id where s.username = 'hoadon')
		) x where k <= 2 order by route_id, id limit 3`;
	const [period] = await db<{ id: number }[]>`
		insert into reading_period (period_month, status, closed_at)
		values ('2019-03-01', 'closed', now()) returning id`;
	made.period = period.id;
	const bills: [number, string, number, number, number][] = [
		// customer, tariff code, m³, water, VAT (VND). The first is a large arrear, so it stays
		// among the route's largest debtors whatever the demo's own bills on that route.
		[0, 'SH', 12.5, 12_000_000, 600_000],
		[1, 'KD', 3.25, 60_000, 3000],
		[2, 'SH', 20, 200_000, 10_000]
	];
	for (const [k, [c, code, m3, water, vat]] of bills.entries()) {
		const [row] = await db<{ id: number }[]>`
			insert into invoice (customer_id, period_id, route_id, category_code, status, series,
				invoice_year, number, issued_on, due_on, consumption_m3, water_amount_vnd, vat_vnd,
				env_fee_vnd, total_vnd)
			values (${customers[c].id}, ${period.id}, ${customers[c].routeId}, ${code}, 'issued',
				'1C19TWL', 2019, ${99_000_001 + k}, '2019-04-05', '2019-04-20', ${m3}, ${water}, ${vat},
				0, ${water + vat})
			returning id`;
		made.invoices.push(Number(row.id));
	}
	const receipts: [string, string, number, boolean][] = [
		['cash', '2019-03-04T01:00:00Z', 150_000, false],
		['qr', '2019-03-04T16:30:00Z', 85_000, false], // 23:30 on the 4th in Hanoi
		['bank_transfer', '2019-03-04T17:30:00Z', 240_000, false], // 00:30 on the 5th
		['cash', '2019-03-05T02:00:00Z', 60_000, true]
	];
	for (const [k, [method, at, amount, voided]] of receipts.entries()) {
		const [r] = await db<{ id: number }[]>`
			insert into receipt (number, customer_id, method, amount_vnd, received_at, status,
				void_reason, voided_at)
			values (${`PT-2019-${String(990_001 + k)}`}, ${customers[0].id}, ${method}, ${amount},
				${at}, ${voided ? 'void' : 'valid'}, ${voided ? 'thu nhầm' : null},
				${voided ? at : null})
			returning id`;
		made.receipts.push(Number(r.id));
	}
	return customers;
}

test('a billing clerk reads the three reports, their totals add up, and downloads one as Excel', async ({
	page,
	baseURL
}) => {
	test.setTimeout(120_000);
	const db = appDatabase(baseURL);
	const made: Made = { invoices: [], receipts: [] };
	try {
		const customers = await march2019(db, made);
		await login(page, 'hoadon', '/billing/reports');
		await expect(page).toHaveURL(/\/billing\/reports\/summary/);
		const nav = page.getByRole('navigation', { name: 'Báo cáo hóa đơn' });
		await expect(nav.getByRole('link')).toHaveText([
			'Tổng hợp hóa đơn',
			'Tuổi nợ',
			'Thu tiền theo hình thức'
		]);
		const period = page.getByLabel('Kỳ hóa đơn');
		const summaryTable = page.getByTestId('summary-table');
		const show = async (month: string) => {
			await period.selectOption({ label: month });
			await page.getByRole('button', { name: 'Xem' }).click();
			await expect(
				page.getByRole('heading', { name: `Tổng hợp hóa đơn kỳ ${month}` })
			).toBeVisible();
		};

		// October 2026 as the demo billed it (whatever its amounts): rows add up to the totals.
		await show('10/2026');
		if (await summaryTable.count()) {
			await totalsAddUp(summaryTable, 'subtotal', 'data-measure');
			await totalsAddUp(summaryTable, 'category', 'data-measure');
		}
		// March 2019 as made above: two routes, three categories.
		await show('03/2019');
		await expect(summaryTable.locator('tr[data-row="category"]')).toHaveCount(3);
		await expect(summaryTable.locator('tr[data-row="subtotal"]')).toHaveCount(2);
		await totalsAddUp(summaryTable, 'subtotal', 'data-measure');
		await totalsAddUp(summaryTable, 'category', 'data-measure');
		const grand = summaryTable.locator('tr[data-row="total"]');
		expect(figure(await grand.locator('td[data-measure="totalVnd"]').innerText())).toBe(12_873_000);
		expect(figure(await grand.locator('td[data-measure="consumptionM3"]').innerText())).toBe(35.75);

		// Ageing as of today: the 2019 bills are debts over 90 days; the drill-down lists them.
		await nav.getByRole('link', { name: 'Tuổi nợ' }).click();
		const ageing = page.getByTestId('ageing-table');
		await expect(ageing.locator('tr[data-row="total"]')).toBeVisible();
		await totalsAddUp(ageing, 'route', 'data-bucket');
		const [first] = customers;
		await ageing.locator(`tr[data-row="route"] a[href$="route=${first.routeId}"]`).click();
		const debtors = page.getByTestId('top-debtors');
		await expect(debtors.locator('tr[data-row="debtor"]', { hasText: first.code })).toBeVisible();
		await expect(
			debtors.locator('tr[data-row="debtor"]', { hasText: first.code }).locator('td').nth(3)
		).toHaveText('03/2019');

		await nav.getByRole('link', { name: 'Thu tiền theo hình thức' }).click();
		await page.getByLabel('Từ ngày').fill('2019-03-01');
		await page.getByLabel('Đến ngày').fill('2019-03-31');
		await page.getByRole('button', { name: 'Xem' }).click();
		await expect(page).toHaveURL(/from=2019-03-01/);
		const table = page.getByTestId('receipts-table');
		await expect(table.locator('tr[data-row="day"] td:first-child')).toHaveText([
			'04/03/2019',
			'05/03/2019'
		]);
		await totalsAddUp(table, 'day', 'data-method', '.amount');
		const total = table.locator('tr[data-row="total"]');
		await expect(total.locator('td[data-method="total"]')).toHaveAttribute('data-count', '3');
		expect(figure(await total.locator('td[data-method="total"] .amount').innerText())).toBe(
			475_000
		);
		await expect(total.locator('td[data-method="voided"]')).toHaveText('1');

		const href = await page.getByTestId('receipts-export').getAttribute('href');
		const download = await page.request.get(href!);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-type']).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await download.body()) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0];
		expect(sheet.getRow(1).getCell(1).value).toBe('Ngày');
		expect(sheet.getRow(sheet.rowCount).getCell(13).value).toBe(475_000);
	} finally {
		await db`delete from receipt where id = any(${made.receipts}::bigint[])`;
		await db`delete from invoice where id = any(${made.invoices}::bigint[])`;
		if (made.period) await db`delete from reading_period where id = ${made.period}`;
		await db.end();
	}
});

test('a viewer without billing.export sees the reports but cannot download them', async ({
	page
}) => {
	await login(page, 'cskh', '/billing/reports/receipts');
	await expect(page.getByTestId('receipts-by-method')).toBeVisible();
	await expect(page.getByTestId('receipts-export')).toHaveCount(0);
	const refused = await page.request.get('/api/billing/reports/receipts/export');
	expect(refused.status()).toBe(403);
});
