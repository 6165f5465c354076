import { expect, test, type Browser, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { appDatabase } from './support/database.ts';

const password = 'waterline-demo';

type SheetCustomer = {
	id: number;
	code: string;
	lon: number;
	lat: number;
	startIndex: number | null;
	meter: { dialDigits: number } | null;
	reading: unknown;
};
type TrackingWindow = { waterlineTracking?: { people: { staffId: number; lon: number }[] } };

async function login(page: Page, username: string, next: string) {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** A small real JPEG, drawn by the browser itself (80×60 px). */
async function smallJpeg(page: Page, color: string): Promise<Buffer> {
	const bytes = await page.evaluate(async (fill) => {
		const canvas = document.createElement('canvas');
		canvas.width = 80;
		canvas.height = 60;
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = fill;
		ctx.fillRect(0, 0, 80, 60);
		const blob = await new Promise<Blob>((resolve) =>
			canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.8)
		);
		return [...new Uint8Array(await blob.arrayBuffer())];
	}, color);
	return Buffer.from(bytes);
}

/**
 * An open period with the reader's routes unread. The seed leaves November open and fully
 * read; the demo start may already have closed it and opened December. Either way, after
 * this the open period has customers to read.
 */
async function openPeriodToRead(db: postgres.Sql, staffId: number) {
	const [open] = await db<{ id: number; month: string; unread: number }[]>`
		select p.id, p.period_month::text as month,
			(select count(*)::int from customer c
				where c.route_id in (select route_id from staff_route_scope where staff_id = ${staffId})
					and not exists (select 1 from reading r where r.customer_id = c.id and r.period_id = p.id)
			) as unread
		from reading_period p where p.status = 'open'`;
	if (open && open.unread >= 3) return;
	await db.begin(async (tx) => {
		const [last] = await tx<{ next: string }[]>`
			select (max(period_month) + interval '1 month')::date::text as next from reading_period`;
		await tx`update reading_period set status = 'closed', closed_at = now() where status = 'open'`;
		await tx`insert into reading_period (period_month) values (${last.next})`;
	});
}

async function phoneContext(browser: Browser, at: { lon: number; lat: number }) {
	return browser.newContext({
		viewport: { width: 390, height: 844 },
		hasTouch: true,
		isMobile: true,
		permissions: ['geolocation'],
		geolocation: { longitude: at.lon, latitude: at.lat, accuracy: 5 }
	});
}

test('a reader on a phone enters three readings, each with a photo, the last one offline', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const db = appDatabase(baseURL);
	const [reader] = await db<{ id: number }[]>`select id from staff where username = 'ghichiso'`;
	await openPeriodToRead(db, reader.id);
	// Collections other specs recorded (collections.spec.ts pays at the same doors) stay out.
	const [{ lastCollection }] = await db<{ lastCollection: string }[]>`
		select coalesce(max(id), 0)::text as "lastCollection" from provisional_collection`;
	const phone = await phoneContext(browser, { lon: 107.59, lat: 16.46 });
	try {
		const page = await phone.newPage();
		page.setDefaultTimeout(25_000);
		await login(page, 'ghichiso', '/field/read');
		await page.waitForURL('**/field/read');
		await expect(page.getByTestId('field-connection')).toHaveText('Trực tuyến');

		// The sheet as the phone has it: the next customer is the first unread one in sequence.
		const sheet = (await (await page.request.get('/api/field/read/sheet')).json()) as {
			period: { id: number };
			routes: { customers: SheetCustomer[] }[];
		};
		const route = sheet.routes[0].customers;
		const firstUnread = route.find((c) => !c.reading)!;
		await expect(page.getByTestId('fr-next-code')).toHaveText(firstUnread.code);
		await phone.setGeolocation({ longitude: firstUnread.lon, latitude: firstUnread.lat + 0.0001 });
		await expect(page.getByTestId('fr-pointer')).toContainText('m');
		// Nothing wider than the phone: no sideways scrolling.
		const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
		expect(await pageWidth()).toBeLessThanOrEqual(390);

		await page.getByTestId('fr-next-open').click();
		const read: SheetCustomer[] = [];
		for (const [i, color] of ['#0a6ebd', '#1b7f3b', '#b26a00'].entries()) {
			await page.waitForURL(/\/field\/read\/\d+$/);
			const id = Number(new URL(page.url()).pathname.split('/').pop());
			const c = route.find((x) => x.id === id)!;
			expect(c.reading).toBeNull();
			read.push(c);
			await expect(page.getByTestId('fr-customer-code')).toHaveText(c.code);
			// Standing at the meter (about 11 m away).
			await phone.setGeolocation({ longitude: c.lon, latitude: c.lat + 0.0001 });
			if (i === 2) {
				// The service worker holds the app's shell before the connection goes.
				await expect
					.poll(() =>
						page.evaluate(async () => {
							await navigator.serviceWorker.ready;
							const keys = await caches.keys();
							const shell = keys.find((k) => k.startsWith('field-shell-'));
							return shell ? Boolean(await (await caches.open(shell)).match('/field')) : false;
						})
					)
					.toBe(true);
				await phone.setOffline(true);
				await expect(page.getByTestId('field-connection')).toHaveText('Ngoại tuyến');
			}
			const max = 10 ** (c.meter?.dialDigits ?? 5);
			const index = (Math.ceil(c.startIndex ?? 0) + 7 + i) % max;
			await page.getByTestId('fr-index').fill(String(index));
			await page.getByTestId('fr-photo').setInputFiles({
				name: `dong-ho-${i}.jpg`,
				mimeType: 'image/jpeg',
				buffer: await smallJpeg(page, color)
			});
			await expect(page.getByTestId('fr-photo-preview')).toBeVisible();
			await expect(page.getByTestId('fr-distance')).toContainText('Cách đồng hồ');
			await expect(page.getByTestId('fr-preview')).toContainText('Tiêu thụ:');
			if (i === 0) {
				expect(await pageWidth()).toBeLessThanOrEqual(390);
				// Money taken at the door goes through the same queue, to the collections API.
				await page.getByTestId('fr-collect-open').click();
				await page.getByTestId('fr-amount').fill('150.000');
				await page.getByLabel('Chuyển khoản').check();
				await page.getByTestId('fr-collect-save').click();
				await expect(page.getByTestId('fr-collections-waiting')).toHaveCount(0);
				await expect
					.poll(async () =>
						(
							await db<{ id: string; amount_vnd: string; method: string }[]>`
									select id, amount_vnd, method from provisional_collection
									where customer_id = ${c.id} and client_key is not null`
						)
							.filter((r) => BigInt(r.id) > BigInt(lastCollection))
							.map((r) => `${r.amount_vnd} ${r.method}`)
					)
					.toEqual(['150000 bank_transfer']);
				await page.screenshot({ path: 'test-results/field-read-customer.png', fullPage: true });
			}
			await page.getByTestId('fr-save').click();
			// Save goes on to the next customer's screen.
			await page.waitForURL((url) => url.pathname !== `/field/read/${id}`);
		}

		// The third reading waits on the phone, photo and all, while offline.
		await page
			.getByRole('link', { name: /Tuyến ghi/ })
			.first()
			.click();
		await page.waitForURL('**/field/read');
		await expect(page.getByTestId('fr-queued')).toContainText('1 chỉ số');
		await expect(page.getByTestId(`fr-customer-${read[2].code}`)).toHaveAttribute(
			'data-state',
			'queued'
		);
		await expect(page.getByTestId(`fr-customer-${read[0].code}`)).toHaveAttribute(
			'data-state',
			'done'
		);
		// Reopened with no connection: the shell from the service worker, the sheet and the
		// queue from the phone.
		await page.reload();
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expect(page.getByTestId('field-connection')).toHaveText('Ngoại tuyến');
		await expect(page.getByText('Sổ ghi lưu trên máy')).toBeVisible();
		await expect(page.getByTestId(`fr-customer-${read[2].code}`)).toHaveAttribute(
			'data-state',
			'queued'
		);
		await expect(page.getByTestId(`fr-customer-${read[1].code}`)).toHaveAttribute(
			'data-state',
			'done'
		);
		const [before] = await db<{ n: number }[]>`
			select count(*)::int as n from reading where customer_id = ${read[2].id} and period_id = ${sheet.period.id}`;
		expect(before.n).toBe(0);

		// Back online: the queue sends it once, and the list shows it read.
		await phone.setOffline(false);
		await expect(page.getByTestId('fr-queued')).toHaveCount(0, { timeout: 30_000 });
		await expect(page.getByTestId(`fr-customer-${read[2].code}`)).toHaveAttribute(
			'data-state',
			'done'
		);

		const stored = await db<
			{ customer_id: number; source: string; photos: number; content_type: string }[]
		>`
			select r.customer_id, r.source, count(a.id)::int as photos, min(a.content_type) as content_type
			from reading r
			left join attachment a on a.entity = 'reading' and a.entity_id = r.id
				and a.client_key is not null
			where r.period_id = ${sheet.period.id} and r.customer_id = any(${read.map((c) => c.id)}::int[])
			group by r.customer_id, r.source order by r.customer_id`;
		expect(stored).toEqual(
			read
				.map((c) => ({
					customer_id: c.id,
					source: 'field',
					photos: 1,
					content_type: 'image/jpeg'
				}))
				.sort((a, b) => a.customer_id - b.customer_id)
		);
		await page.screenshot({ path: 'test-results/field-read-list.png' });
	} finally {
		await phone.close();
		await db.end();
	}
});

test("a supervisor sees the reader's position move", async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const db = appDatabase(baseURL);
	const [reader] = await db<{ id: number }[]>`select id from staff where username = 'ghichiso'`;
	await db.end();
	const start = { lon: 107.591, lat: 16.461 };
	const phone = await phoneContext(browser, start);
	const office = await browser.newContext();
	try {
		const page = await phone.newPage();
		await login(page, 'ghichiso', '/field/read');
		await page.waitForURL('**/field/read');
		await expect(page.getByTestId('field-connection')).toHaveText('Trực tuyến');
		const duty = page.getByTestId('field-duty');
		if (!(await duty.isChecked())) await duty.check();
		await expect(duty).toBeChecked();

		const supervisor = await office.newPage();
		await login(supervisor, 'giamsat', '/tracking');
		await supervisor.waitForURL('**/tracking**');
		const shownLon = () =>
			supervisor.evaluate(
				(id) =>
					(window as unknown as TrackingWindow).waterlineTracking?.people.find(
						(p) => p.staffId === id
					)?.lon ?? null,
				reader.id
			);
		// The phone keeps a fix every 5 s: a new one is reported until the map shows it.
		let jitter = 0;
		const walkTo = async (lon: number) => {
			await expect
				.poll(
					async () => {
						jitter = (jitter + 1) % 2;
						await phone.setGeolocation({
							longitude: lon + jitter * 1e-7,
							latitude: start.lat,
							accuracy: 5
						});
						return shownLon();
					},
					{ timeout: 45_000 }
				)
				.toBeCloseTo(lon, 5);
		};
		await walkTo(start.lon);
		await walkTo(start.lon + 0.002);
		await supervisor.screenshot({ path: 'test-results/field-read-tracking.png' });
	} finally {
		await phone.close();
		await office.close();
	}
});
