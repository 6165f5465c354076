import type { Map as MapLibreMap } from 'maplibre-gl';
import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

const password = 'waterline-demo';

async function login(page: Page, username: string, next: string) {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** A small real JPEG, drawn by the browser itself (80×60 px). */
async function smallJpeg(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 80;
		canvas.height = 60;
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = '#0a6ebd';
		ctx.fillRect(0, 0, 80, 60);
		const blob = await new Promise<Blob>((resolve) =>
			canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.8)
		);
		return [...new Uint8Array(await blob.arrayBuffer())];
	});
	return Buffer.from(bytes);
}

test('a technician gets an order live, starts it, finishes it offline with a result and a photo, and the replay lands once', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(150_000);
	// The e2e server writes its database URL for tests like this one (scripts/e2e-server.ts).
	const db = appDatabase(baseURL);
	const dispatcherContext = await browser.newContext();
	// A phone: 390 px wide, touch.
	const phone = await browser.newContext({
		viewport: { width: 390, height: 844 },
		hasTouch: true,
		isMobile: true
	});
	try {
		const [tech] = await db<{ id: number }[]>`select id from staff where username = 'ghichiso'`;
		const [customer] = await db<{ id: number }[]>`
			select c.id from customer c
			where c.route_id in (select route_id from staff_route_scope where staff_id = ${tech.id})
				and c.geom is not null
			order by c.id desc limit 1`;

		const page = await phone.newPage();
		page.setDefaultTimeout(25_000);
		await login(page, 'ghichiso', '/field');
		await page.waitForURL('**/field');
		await expect(page.getByTestId('field-connection')).toHaveText('Trực tuyến');

		// The dispatcher creates and assigns an order while the technician's list is open.
		const dispatcher = await dispatcherContext.newPage();
		await login(dispatcher, 'dieuphoi', '/');
		await dispatcher.waitForURL((url) => !url.pathname.startsWith('/login'));
		const created = await dispatcher.request.post('/api/work-orders', {
			data: {
				type: 're_read',
				priority: 'high',
				customerId: customer.id,
				description: 'E2E: ghi lại chỉ số'
			}
		});
		expect(created.status()).toBe(201);
		const { order } = (await created.json()) as { order: { id: number; number: string } };
		const assigned = await dispatcher.request.post('/api/work-orders/assign', {
			data: { ids: [order.id], staffId: tech.id }
		});
		expect(assigned.status()).toBe(200);

		// Live, without a reload: a notice and the order in the list.
		await expect(page.getByTestId('field-notice')).toContainText(order.number);
		const item = page.getByTestId(`field-order-${order.number}`);
		await expect(item).toContainText('Đã giao');
		await item.click();
		await page.waitForURL(`**/field/${order.id}`);

		// Online: accept, go, start; each reaches the server.
		for (const to of ['accepted', 'en_route', 'in_progress']) {
			await page.getByTestId(`field-action-${to}`).click();
			await expect(page.getByTestId(`field-action-${to}`)).toHaveCount(0);
		}
		await expect(page.getByTestId('field-queued')).toHaveCount(0);
		await expect(page.getByTestId('field-status')).toHaveText('Đang thực hiện');
		await expect
			.poll(async () => (await db`select status from work_order where id = ${order.id}`)[0].status)
			.toBe('in_progress');

		// Offline: a photo and 'done' with the re-read's index wait in the queue.
		await phone.setOffline(true);
		await expect(page.getByTestId('field-connection')).toHaveText('Ngoại tuyến');
		await page.getByTestId('field-photo').setInputFiles({
			name: 'dong-ho.jpg',
			mimeType: 'image/jpeg',
			buffer: await smallJpeg(page)
		});
		await expect(page.getByTestId('field-photos-waiting')).toContainText('1 ảnh');
		await page.getByTestId('field-action-done').click();
		// The same check as the server's, before the result is queued.
		await page.getByTestId('field-submit-done').click();
		await expect(page.getByTestId('field-result-error')).toHaveText('bắt buộc');
		await page.locator('input[name="index"]').fill('1234,5');
		await page.getByTestId('field-submit-done').click();
		await expect(page.getByTestId('field-queued')).toHaveText('2 thao tác chờ gửi');
		await expect(page.getByTestId('field-status')).toHaveText('Hoàn thành · Chờ gửi');
		const [stillOpen] = await db`select status from work_order where id = ${order.id}`;
		expect(stillOpen.status).toBe('in_progress');

		// Back online: the queue replays in order and empties.
		await phone.setOffline(false);
		await expect(page.getByTestId('field-queued')).toHaveCount(0, { timeout: 30_000 });
		await expect(page.getByTestId('field-status')).toHaveText('Hoàn thành');
		await expect(page.getByTestId('field-attachments')).toContainText('.jpg');

		const events = await db<{ to_status: string; n: number }[]>`
			select to_status, count(*)::int as n from work_order_event
			where work_order_id = ${order.id} group by to_status`;
		const count = Object.fromEntries(events.map((e) => [e.to_status, e.n]));
		expect(count).toMatchObject({ accepted: 1, en_route: 1, in_progress: 1, done: 1 });
		const [done] = await db<{ status: string; index: string }[]>`
			select status, result->>'index' as index from work_order where id = ${order.id}`;
		expect(done).toEqual({ status: 'done', index: '1234.5' });
		const photos = await db<{ content_type: string; size_bytes: string }[]>`
			select content_type, size_bytes from attachment
			where entity = 'work_order' and entity_id = ${order.id}`;
		expect(photos).toHaveLength(1);
		expect(photos[0].content_type).toBe('image/jpeg');
		// Photo first, then 'done': the queue kept the tap order.
		const [order_] = await db<{ photo_first: boolean }[]>`
			select (select min(uploaded_at) from attachment
				where entity = 'work_order' and entity_id = ${order.id})
				< (select at from work_order_event where work_order_id = ${order.id}
					and to_status = 'done') as photo_first`;
		expect(order_.photo_first).toBe(true);

		// The list shows it done too, and a reload still starts from the saved state.
		await page
			.getByRole('link', { name: /Lệnh của tôi/ })
			.first()
			.click();
		await expect(page.getByTestId(`field-order-${order.number}`)).toContainText('Hoàn thành');

		// The map tab draws the order where it is (read through MapLibre's own API).
		await page.getByTestId('field-tab-map').click();
		await expect
			.poll(() =>
				page.evaluate((id) => {
					const map = (window as unknown as { waterlineMap?: MapLibreMap }).waterlineMap;
					if (!map?.getSource('field-orders')) return false;
					return map.querySourceFeatures('field-orders').some((f) => f.properties.id === id);
				}, order.id)
			)
			.toBe(true);
	} finally {
		await dispatcherContext.close();
		await phone.close();
		await db.end();
	}
});
