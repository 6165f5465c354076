import { expect, test } from '@playwright/test';
import { appDatabase } from './support/database.ts';
import { login } from './support/login.ts';

// Hanoi's 25 m³ worked example of tariff.md: 264 000 water + 13 200 VAT + 26 400 fee.
const lines = [
	{ block: 1, from: 0, to: 10, m3: 10, price: 8500, amount: 85000, share: 85000 },
	{ block: 2, from: 10, to: 20, m3: 10, price: 9900, amount: 99000, share: 99000 },
	{ block: 3, from: 20, to: 30, m3: 5, price: 16000, amount: 80000, share: 80000 }
].map((l) => ({ scheduleId: 'HN-3541-2024', days: 31, periodDays: 31, ...l }));

test('a billing clerk issues a draft, opens it from the lookup, its print view and its PDF', async ({
	page,
	baseURL
}) => {
	test.setTimeout(120_000);
	const db = appDatabase(baseURL);
	try {
		// A draft of our own: a customer of the clerk's routes without a bill in the oldest
		// locked period (other specs and the demo's billing use the latest one).
		const [target] = await db<{ customer_id: number; code: string; period_id: number }[]>`
			select c.id as customer_id, c.code, p.id as period_id
			from reading_period p
			cross join customer c
			where p.status = 'locked'
				and c.route_id in (select s.route_id from staff_route_scope s
					join staff st on st.id = s.staff_id where st.username = 'hoadon')
				and not exists (select 1 from invoice i where i.customer_id = c.id and i.period_id = p.id)
			order by p.period_month, c.id desc limit 1`;
		const [draft] = await db<{ id: string }[]>`
			insert into invoice (customer_id, period_id, route_id, status, category_code, households,
				persons, from_date, to_date, previous_index, current_index, consumption_m3,
				water_amount_vnd, vat_vnd, env_fee_vnd, total_vnd, lines)
			select c.id, ${target.period_id}, c.route_id, 'draft', 'SH', 1, 4, p.period_month,
				(p.period_month + interval '1 month')::date, 100, 125, 25, 264000, 13200, 26400, 303600, ${db.json(lines)}
			from customer c, reading_period p where c.id = ${target.customer_id} and p.id = ${target.period_id}
			returning id`;

		await login(page, 'hoadon', `/billing/invoices?customer=${target.code}`);
		await page
			.getByTestId('invoice-link')
			.filter({ hasText: `#${draft.id}` })
			.click();
		await expect(page.getByTestId('invoice-status')).toContainText('Nháp');
		await page.getByTestId('issue-one').click();
		await expect(page.getByTestId('invoice-status')).toContainText('Đã phát hành');
		const [issued] = await db<{ series: string; number: number }[]>`
			select series, number from invoice where id = ${draft.id}`;
		expect(issued.series).toMatch(/^1C\d{2}TWL$/);
		const number = String(issued.number).padStart(8, '0');

		// From the lookup, by series and number, to the detail.
		await page.goto(`/billing/invoices?series=${issued.series}&number=${issued.number}`);
		await expect(page.getByTestId('invoice-list').locator('tbody tr')).toHaveCount(1);
		await expect(page.getByTestId('invoice-totals')).toContainText('303.600');
		await page.getByTestId('invoice-link').click();
		await expect(page.getByTestId('invoice-heading')).toContainText(number);
		await expect(page.getByTestId('invoice-total')).toContainText('303.600');
		await expect(page.getByTestId('quote-lines').locator('tbody tr')).toHaveCount(3);

		// The print view: the Vietnamese invoice without the console around it.
		await page.getByTestId('print-link').click();
		const printed = page.getByTestId('printed-invoice');
		await expect(printed.getByRole('heading', { level: 1 })).toHaveText(
			'HÓA ĐƠN GIÁ TRỊ GIA TĂNG (TIỀN NƯỚC)'
		);
		await expect(page.getByTestId('printed-heading')).toContainText(number);
		await expect(page.getByTestId('printed-heading')).toContainText(issued.series);
		await expect(printed).toContainText('Tổng cộng tiền thanh toán');
		await expect(printed).toContainText('303.600 đ');
		await expect(printed).toContainText('Ba trăm linh ba nghìn sáu trăm đồng');
		await expect(page.getByTestId('current-user')).toHaveCount(0);
		await expect(page.getByTestId('printed-mark')).toHaveCount(0);

		const pdf = await page.request.get(`/billing/invoices/${draft.id}/pdf`);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

		const xml = await page.request.get(`/billing/invoices/${draft.id}/xml`);
		expect(xml.status()).toBe(200);
		expect(await xml.text()).toContain(`<SHDon>${issued.number}</SHDon>`);

		// Customer service may look invoices up (billing.access) but not print them.
		await page.context().clearCookies();
		await login(page, 'cskh', `/billing/invoices/${draft.id}`);
		await expect(page.getByTestId('invoice-total')).toContainText('303.600');
		await expect(page.getByTestId('print-link')).toHaveCount(0);
		expect((await page.request.get(`/billing/invoices/${draft.id}/pdf`)).status()).toBe(403);
		expect((await page.request.get(`/billing/invoices/${draft.id}/print`)).status()).toBe(403);
	} finally {
		await db.end();
	}
});
