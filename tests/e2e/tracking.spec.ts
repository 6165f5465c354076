import { io as connect, type Socket } from 'socket.io-client';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

const password = 'waterline-demo';

type TrackingWindow = {
	waterlineTracking?: {
		people: { staffId: number; lon: number; lat: number }[];
		trail: number;
		stops: number;
		here: [number, number] | null;
	};
};

async function signIn(page: Page, username: string) {
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** A socket.io client in the test process, signed in as the demo field worker. */
async function fieldDevice(browser: Browser, baseURL: string): Promise<Socket> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'ghichiso');
	const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	await context.close();
	const socket = connect(baseURL, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie }
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('hello', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

const send = (socket: Socket, event: string, payload: unknown) =>
	socket.timeout(10_000).emitWithAck(event, payload) as Promise<{ ok: boolean }>;

/** Vietnam's calendar day before today (UTC+7). */
function yesterdayInVietnam(): string {
	const vn = new Date(Date.now() + 7 * 3_600_000);
	vn.setUTCDate(vn.getUTCDate() - 1);
	return vn.toISOString().slice(0, 10);
}

test('a supervisor watches a field worker move and replays their day', async ({
	page,
	browser,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	let device: Socket | null = null;
	try {
		const [{ id: staffId }] = await db<{ id: number }[]>`
			select id from staff where username = 'ghichiso'`;
		// The partition job ran when the workers started: today's partition exists.
		const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
		const [part] = await db`select to_regclass(${`staff_position_p${today}`})::text as t`;
		expect(part.t).toBe(`staff_position_p${today}`);

		// Yesterday (in Vietnam), stored earlier: 10 min walking east, 12 min at a customer, 10
		// min walking on, a fix every 10 s (1.4 m/s: 14 m apart).
		const day = yesterdayInVietnam();
		const t0 = Date.parse(`${day}T09:00:00+07:00`);
		const fixes: { at: Date; lon: number }[] = [];
		let x = 0;
		for (let i = 0; i < 60; i++) fixes.push({ at: new Date(t0 + i * 10_000), lon: (x += 14) });
		for (let i = 60; i < 132; i++) fixes.push({ at: new Date(t0 + i * 10_000), lon: x + (i % 2) });
		for (let i = 132; i < 192; i++) fixes.push({ at: new Date(t0 + i * 10_000), lon: (x += 14) });
		for (const f of fixes)
			await db`
				insert into staff_position (staff_id, recorded_at, lon_e6, lat_e6, accuracy_m)
				values (${staffId}, ${f.at}, ${Math.round((107.58 + f.lon / 106_800) * 1e6)}, 16460000, 5)`;

		device = await fieldDevice(browser, baseURL!);
		expect(await send(device, 'duty:set', { onDuty: true })).toMatchObject({ ok: true });
		const report = (lon: number) =>
			send(device!, 'position:batch', {
				positions: [{ lon, lat: 16.462, at: new Date().toISOString(), accuracyM: 5 }]
			});
		expect(await report(107.59)).toMatchObject({ ok: true, accepted: 1 });

		await signIn(page, 'giamsat');
		await page.getByRole('link', { name: 'Giám sát hiện trường' }).click();
		await expect(page).toHaveURL(/\/tracking(#|$)/);
		const row = page.locator(`[data-staff-id="${staffId}"]`);
		await expect(row).toContainText('giây trước');
		const shownLon = () =>
			page.evaluate(
				(id) =>
					(window as unknown as TrackingWindow).waterlineTracking?.people.find(
						(p) => p.staffId === id
					)?.lon ?? null,
				staffId
			);
		await expect.poll(shownLon).toBe(107.59);

		// They walk on: the map follows without a reload.
		expect(await report(107.5915)).toMatchObject({ ok: true });
		await expect.poll(shownLon).toBe(107.5915);
		await page.screenshot({ path: 'test-results/tracking-live.png' });

		// Yesterday's trail: one stop of 12 minutes, and the replay.
		await row.click();
		const panel = page.getByTestId('trail-panel');
		await expect(panel).toContainText('Hành trình của');
		await panel.getByTestId('trail-date').fill(day);
		await expect(panel.getByTestId('stops').locator('li')).toHaveCount(1);
		// Arrival is the first fix within 50 m of the customer; 750 s later the last one there.
		await expect(panel.getByTestId('stops')).toContainText('09:09:20 – 09:21:50');
		await expect(panel.getByTestId('stops')).toContainText('12,5 phút');
		await expect(panel.getByTestId('trail-distance')).toContainText('km');
		const drawn = () =>
			page.evaluate(() => (window as unknown as TrackingWindow).waterlineTracking!.trail);
		await expect.poll(drawn).toBe(192);

		await panel.getByRole('button', { name: 'Xem lại' }).click();
		await expect(panel.getByTestId('replay-time')).toHaveText('09:00:00');
		await panel.getByTestId('replay-speed').selectOption('60');
		await panel.getByRole('button', { name: 'Phát' }).click();
		// At 60× a minute of the day passes every second: the replayed path grows and the
		// marker moves east.
		await expect.poll(drawn).toBeGreaterThan(3);
		await expect(panel.getByTestId('replay-time')).not.toHaveText('09:00:00');
		const marker = await page.evaluate(
			() => (window as unknown as TrackingWindow).waterlineTracking!.here
		);
		expect(marker![0]).toBeGreaterThan(107.58);
		await panel.getByRole('button', { name: 'Tạm dừng' }).click();
		await page.screenshot({ path: 'test-results/tracking-replay.png' });
	} finally {
		device?.close();
		await db.end();
	}
});
