import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

const password = 'waterline-demo';
const vnd = new Intl.NumberFormat('vi-VN', {
	style: 'currency',
	currency: 'VND',
	maximumFractionDigits: 0
});

async function login(page: Page, username: string, next: string) {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

test('a reader records money at the door and hands it in; the cashier confirms the list with one receipt and sees the totals by method', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const db = appDatabase(baseURL);
	const phone = await browser.newContext({
		viewport: { width: 390, height: 844 },
		hasTouch: true,
		isMobile: true
	});
	const office = await browser.newContext();
	try {
		const [reader] = await db<{ id: number }[]>`select id from staff where username = 'ghichiso'`;
		const customers = await db<{ id: number; code: string }[]>`
			select c.id, c.code from customer c
			where c.route_id in (select route_id from staff_route_scope where staff_id = ${reader.id})
			order by c.id limit 2`;
		const outside = await db<{ id: number }[]>`
			select c.id from customer c
			where c.route_id not in (select route_id from staff_route_scope where staff_id = ${reader.id})
			limit 1`;

		const page = await phone.newPage();
		await login(page, 'ghichiso', '/field/read/remit');

		// Two collections through the API the field app's queue calls (with the reader's session).
		const post = (data: object) => page.request.post('/api/field/read/collections', { data });
		const first = {
			clientKey: randomUUID(),
			customerId: customers[0].id,
			amountVnd: 187_000,
			method: 'cash',
			collectedAt: new Date().toISOString()
		};
		expect((await post(first)).status()).toBe(201);
		const replay = await post(first);
		expect(replay.status()).toBe(200);
		expect(await replay.json()).toMatchObject({ replayed: true });
		expect(
			(
				await post({
					...first,
					clientKey: randomUUID(),
					customerId: customers[1].id,
					amountVnd: 63_000,
					method: 'qr'
				})
			).status()
		).toBe(201);
		// Refusals name the field, in Vietnamese.
		const bad = await post({ ...first, clientKey: randomUUID(), amountVnd: 0 });
		expect(bad.status()).toBe(400);
		expect(await bad.json()).toEqual({
			error: { field: 'amountVnd', reason: 'số tiền phải lớn hơn 0 đồng' }
		});
		const notMine = await post({ ...first, clientKey: randomUUID(), customerId: outside[0].id });
		expect(notMine.status()).toBe(404);

		// The remit page shows what waits to be handed in; the reader submits the list.
		await page.goto('/field/read/remit');
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		const pending = page.getByTestId('remit-pending');
		await expect(pending).toContainText(customers[0].code);
		await expect(pending).toContainText(vnd.format(63_000));
		await page.getByTestId('remit-submit').click();
		await expect(page.getByTestId('remit-notice')).toContainText(/BK-\d{4}-\d{6}/);
		const number = /BK-\d{4}-\d{6}/.exec(
			(await page.getByTestId('remit-notice').textContent()) ?? ''
		)![0];
		await expect(
			page.getByTestId('remit-history').locator(`[data-number="${number}"]`)
		).toContainText('Chờ xác nhận');
		await expect(page.getByTestId('remit-submit')).toBeDisabled();

		// What the list holds, by method (other tests may have left collections of this reader).
		const sums = await db<{ method: string; amount: string }[]>`
			select pc.method, sum(pc.amount_vnd)::text as amount from provisional_collection pc
			join remittance r on r.id = pc.remittance_id where r.number = ${number} group by pc.method`;
		const byMethod = Object.fromEntries(sums.map((s) => [s.method, Number(s.amount)]));
		expect(byMethod.cash).toBeGreaterThanOrEqual(187_000);
		expect(byMethod.qr).toBeGreaterThanOrEqual(63_000);

		// The cashier confirms it on the remittance lists and gets one receipt number.
		const cashier = await office.newPage();
		await login(cashier, 'thungan', '/payments/remittances');
		const row = cashier.getByTestId('remittances-submitted').locator(`[data-number="${number}"]`);
		await row.getByRole('button', { name: `Xác nhận và cấp biên nhận ${number}` }).click();
		await expect(cashier.getByTestId('receipt-issued')).toContainText(/BN-\d{4}-\d{6}/);
		const receiptNo = /BN-\d{4}-\d{6}/.exec(
			(await cashier.getByTestId('receipt-issued').textContent()) ?? ''
		)![0];
		await expect(
			cashier.getByTestId('remittances-confirmed').locator(`[data-number="${number}"]`)
		).toContainText(receiptNo);

		// The printable receipt: the number, the totals by method and the total in words.
		await cashier.getByRole('link', { name: 'In biên nhận' }).first().click();
		await cashier.waitForURL('**/receipt');
		await expect(cashier.getByTestId('receipt-no')).toHaveText(receiptNo);
		const total = (byMethod.cash ?? 0) + (byMethod.qr ?? 0) + (byMethod.bank_transfer ?? 0);
		await expect(cashier.getByTestId('receipt-total')).toHaveText(vnd.format(total));
		await expect(cashier.getByTestId('receipt')).toContainText('Bằng chữ');

		// Receipt totals by method for this reader today.
		const [{ today }] = await db<{ today: string }[]>`
			select (now() at time zone 'Asia/Ho_Chi_Minh')::date::text as today`;
		const [expected] = await db<{ cash: string; qr: string; total: string }[]>`
			select coalesce(sum(pc.amount_vnd) filter (where pc.method = 'cash'), 0)::text as cash,
				coalesce(sum(pc.amount_vnd) filter (where pc.method = 'qr'), 0)::text as qr,
				coalesce(sum(pc.amount_vnd), 0)::text as total
			from remittance r join provisional_collection pc on pc.remittance_id = r.id
			where r.reader_id = ${reader.id} and r.status = 'confirmed'
				and (r.confirmed_at at time zone 'Asia/Ho_Chi_Minh')::date = ${today}::date`;
		await cashier.goto(`/payments/receipts?from=${today}&to=${today}&reader=${reader.id}`);
		await cashier.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		const totals = cashier.getByTestId('receipt-totals');
		await expect(totals.locator('[data-method="cash"]')).toHaveText(
			vnd.format(Number(expected.cash))
		);
		await expect(totals.locator('[data-method="qr"]')).toHaveText(vnd.format(Number(expected.qr)));
		await expect(totals.locator('[data-method="total"]')).toHaveText(
			vnd.format(Number(expected.total))
		);

		// The reader sees the receipt number on the phone.
		await page.reload();
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(
			page.getByTestId('remit-history').locator(`[data-number="${number}"]`)
		).toContainText(receiptNo);
	} finally {
		await phone.close();
		await office.close();
		await db.end();
	}
});
