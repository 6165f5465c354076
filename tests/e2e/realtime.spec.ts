import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

async function login(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('waterline-demo');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

test('a technician with the console open is told at once when a dispatcher assigns them an order', async ({
	browser,
	baseURL
}) => {
	// The e2e server writes its database URL for tests like this one (scripts/e2e-server.ts).
	const db = appDatabase(baseURL);
	const technician = await browser.newContext();
	const dispatcher = await browser.newContext();
	try {
		const [tech] = await db<{ id: number }[]>`select id from staff where username = 'ghichiso'`;
		const [customer] = await db<{ id: number }[]>`
			select id from customer where status = 'active' order by id limit 1`;

		const techPage = await technician.newPage();
		await login(techPage, 'ghichiso');
		await techPage.goto('/work-orders');
		await techPage.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		// Connected before the assignment: an event sent earlier would only show after a reload.
		await expect(techPage.locator('[data-connection="connected"]')).toBeAttached();

		const dispatchPage = await dispatcher.newPage();
		await login(dispatchPage, 'dieuphoi');
		const created = await dispatchPage.request.post('/api/work-orders', {
			data: {
				type: 'leak_repair',
				priority: 'high',
				customerId: customer.id,
				description: 'Rò rỉ trước đồng hồ'
			}
		});
		expect(created.status()).toBe(201);
		const { order } = (await created.json()) as { order: { id: number; number: string } };
		const assigned = await dispatchPage.request.post('/api/work-orders/assign', {
			data: { ids: [order.id], staffId: tech.id }
		});
		expect(assigned.ok()).toBe(true);

		const toast = techPage.getByTestId('assigned-toast');
		await expect(toast).toContainText(`Bạn được giao phiếu công tác ${order.number}`);
		await expect(toast.getByRole('link', { name: 'Mở phiếu' })).toHaveAttribute(
			'href',
			`/field/${order.id}`
		);
	} finally {
		await technician.close();
		await dispatcher.close();
		await db.end();
	}
});
