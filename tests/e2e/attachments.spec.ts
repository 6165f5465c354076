import { deflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

/** A valid 2×2 PNG (red, green / blue, white). */
function tinyPng(): Buffer {
	const table = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf: Buffer) => {
		let c = 0xffffffff;
		for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc(body), body.length + 4);
		return out;
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(2, 0);
	ihdr.writeUInt32BE(2, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

async function login(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('waterline-demo');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

test('customer service uploads a PNG on the attachments tab, previews it; a renamed EXE is refused; a clerk cannot open another route’s file', async ({
	page,
	browser,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		const [customer] = await db<{ id: number; route_id: number }[]>`
			select id, route_id from customer where route_id is not null order by id limit 1`;
		// Take that route out of the billing clerk's (hoadon) scope, whatever the demo gave them.
		await db`delete from staff_route_scope where route_id = ${customer.route_id}
			and staff_id = (select id from staff where username = 'hoadon')`;

		await login(page, 'cskh');
		await page.goto(`/customers/${customer.id}/attachments`);
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(page.getByRole('heading', { name: 'Tệp đính kèm' })).toBeVisible();

		await page.getByLabel('Tệp').setInputFiles({
			name: 'Ảnh đồng hồ.png',
			mimeType: 'image/png',
			buffer: tinyPng()
		});
		await page.getByRole('button', { name: 'Tải lên' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Đã tải lên' })).toBeVisible();
		const row = page.getByRole('row').filter({ hasText: 'Ảnh đồng hồ.png' });
		await expect(row).toContainText('PNG');
		await expect(row).toContainText(/\d+ B/);

		await row.getByRole('button', { name: 'Xem' }).click();
		const img = page.getByRole('dialog').getByRole('img');
		await expect(img).toBeVisible();
		await expect
			.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
			.toBe(2);

		const src = (await img.getAttribute('src'))!;
		const preview = await page.request.get(src);
		expect(preview.status()).toBe(200);
		expect(preview.headers()['content-type']).toBe('image/png');
		expect(preview.headers()['x-content-type-options']).toBe('nosniff');
		expect(preview.headers()['content-security-policy']).toContain("default-src 'none'");
		expect(preview.headers()['content-disposition']).toMatch(/^inline; .*filename\*=UTF-8''/);
		const download = await page.request.get(src.replace(/\/preview$/, ''));
		expect(download.headers()['content-disposition']).toContain(
			'attachment; filename="Anh dong ho.png"; filename*=UTF-8\'\'%E1%BA%A2nh%20%C4%91%E1%BB%93ng%20h%E1%BB%93.png'
		);

		// An executable named .pdf is refused by its content, with the detected type named; it is
		// large enough that the browser is still sending when the server has decided.
		await page.getByLabel('Tệp').setInputFiles({
			name: 'hop-dong.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400 * 1024, 0x90)])
		});
		await page.getByRole('button', { name: 'Tải lên' }).click();
		await expect(page.getByRole('alert')).toContainText('EXE');

		// The billing clerk is scoped to other routes: the file stays closed to them.
		const clerk = await browser.newContext();
		const clerkPage = await clerk.newPage();
		await login(clerkPage, 'hoadon');
		expect((await clerkPage.request.get(src)).status()).toBe(403);
		await clerk.close();
	} finally {
		await db.end();
	}
});
