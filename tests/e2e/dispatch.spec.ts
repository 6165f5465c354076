import type { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { expect, test, type Page } from '@playwright/test';
import { appDatabase } from './support/database.ts';

type MapWindow = { waterlineMap: MapLibreMap; waterlineDeck: MapLibreOverlay };

const password = 'waterline-demo';

async function login(page: Page, username: string, next = '/') {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/**
 * What deck.gl draws at a place on the dispatcher's map: among the data of the deck.gl layer
 * the overlay holds, the object nearest the screen point of (lon, lat) by the map's own
 * projection, within 6 px and inside the canvas. (deck's picking is not used: in interleaved
 * mode its camera can lag MapLibre's after a jump, visgl/deck.gl#10702.)
 */
function drawnAt(page: Page, layerId: string, lon: number, lat: number) {
	return page.evaluate(
		({ layerId, lon, lat }) => {
			const w = window as unknown as MapWindow;
			type Item = Record<string, unknown> & { lon: number; lat: number };
			// The layers the overlay was last given (its props; the overlay keeps them as given).
			const overlay = w.waterlineDeck as unknown as {
				_props: { layers: { id: string; props: { data: Item[] } }[] };
			};
			const layer = overlay._props.layers.find((l) => l.id === layerId);
			const canvas = w.waterlineMap.getCanvas();
			const target = w.waterlineMap.project([lon, lat]);
			let best: Item | null = null;
			let bestDist = 6;
			for (const item of layer?.props.data ?? []) {
				const p = w.waterlineMap.project([item.lon, item.lat]);
				const d = Math.hypot(p.x - target.x, p.y - target.y);
				const onScreen =
					p.x >= 0 && p.y >= 0 && p.x <= canvas.clientWidth && p.y <= canvas.clientHeight;
				if (onScreen && d <= bestDist) [best, bestDist] = [item, d];
			}
			return best;
		},
		{ layerId, lon, lat }
	);
}

test('a dispatcher assigns an order on the map; the technician sees it live and completes it with a photo; the dispatcher sees the result live', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	// The e2e server writes its database URL for tests like this one (scripts/e2e-server.ts).
	const db = appDatabase(baseURL);
	// The demo technician (ghichiso) is scoped to the first routes: the order is for a customer
	// on one of them, so it is in their area.
	const [tech] = await db<{ id: number }[]>`select id from staff where username = 'ghichiso'`;
	const [customer] = await db<{ id: number; lon: number; lat: number }[]>`
		select c.id, ST_X(c.geom) as lon, ST_Y(c.geom) as lat from customer c
		where c.route_id in (select route_id from staff_route_scope where staff_id = ${tech.id})
			and c.geom is not null
		order by c.id limit 1`;
	await db.end();

	// The technician's phone stands 100 m north of the customer.
	const techAt = { longitude: customer.lon, latitude: customer.lat + 0.0009 };
	const dispatcherContext = await browser.newContext();
	const techContext = await browser.newContext({
		geolocation: techAt,
		permissions: ['geolocation'],
		viewport: { width: 420, height: 860 }
	});
	try {
		const dispatcher = await dispatcherContext.newPage();
		const tech_ = await techContext.newPage();

		// The dispatcher's map, centred on the customer.
		await login(dispatcher, 'dieuphoi');
		await dispatcher.waitForFunction(() =>
			Boolean((window as unknown as Partial<MapWindow>).waterlineMap)
		);
		await expect(dispatcher.getByTestId('dispatch-panel')).toBeVisible();
		await dispatcher.evaluate(
			({ lon, lat }) =>
				(window as unknown as MapWindow).waterlineMap.jumpTo({ center: [lon, lat], zoom: 17 }),
			customer
		);

		// The technician goes on duty: their GPS reaches the dispatcher's map live.
		await login(tech_, 'ghichiso', '/field');
		await tech_.waitForURL('**/field');
		await tech_.getByTestId('field-duty').check();
		const marker = dispatcher.getByTestId(`dispatch-staff-${tech.id}`);
		await expect(marker).toBeVisible({ timeout: 30_000 });
		await expect
			.poll(() => drawnAt(dispatcher, 'dispatch-staff', techAt.longitude, techAt.latitude), {
				timeout: 30_000
			})
			.toMatchObject({ staffId: tech.id });

		// A new order (taken by phone, say) appears in the queue and on the map without a reload.
		const created = await dispatcher.request.post('/api/work-orders', {
			data: {
				type: 're_read',
				priority: 'urgent',
				customerId: customer.id,
				description: 'E2E: khách báo chỉ số bất thường'
			}
		});
		expect(created.status()).toBe(201);
		const { order } = (await created.json()) as { order: { id: number; number: string } };
		await expect(dispatcher.getByTestId(`dispatch-queue-${order.number}`)).toBeVisible();
		await expect
			.poll(() => drawnAt(dispatcher, 'dispatch-orders', customer.lon, customer.lat))
			.toMatchObject({ id: order.id, status: 'new' });

		// (1) Assign on the map: click the order's dot, then the suggested technician.
		const at = await dispatcher.evaluate(
			({ lon, lat }) => (window as unknown as MapWindow).waterlineMap.project([lon, lat]),
			customer
		);
		await dispatcher.getByTestId('map').click({ position: { x: at.x, y: at.y } });
		const card = dispatcher.getByTestId('dispatch-order');
		await expect(card).toContainText(order.number);
		const suggestion = dispatcher.getByTestId(`dispatch-suggest-${tech.id}`);
		// About 100 m from the order, in metres.
		await expect(suggestion).toContainText(/\d+(,\d)? m/);
		await suggestion.click();
		await expect(dispatcher.getByTestId('dispatch-message')).toContainText('Đã giao 1 phiếu');
		await expect(card.getByTestId('dispatch-order-status')).toHaveAttribute(
			'data-status',
			'assigned'
		);
		await expect(dispatcher.getByTestId(`dispatch-queue-${order.number}`)).toHaveCount(0);
		await expect
			.poll(() => drawnAt(dispatcher, 'dispatch-orders', customer.lon, customer.lat))
			.toMatchObject({ id: order.id, status: 'assigned', assignedTo: tech.id });

		// (2) The technician's list shows it without a reload.
		const listed = tech_.getByTestId(`field-order-${order.number}`);
		await expect(listed).toBeVisible();
		await listed.click();
		await tech_.waitForURL(`**/field/${order.id}`);

		// (3) Accept, go, start, take a photo, finish with the re-read's index.
		for (const to of ['accepted', 'en_route', 'in_progress']) {
			await tech_.getByTestId(`field-action-${to}`).click();
			await expect(tech_.getByTestId(`field-action-${to}`)).toHaveCount(0);
		}
		const jpeg = await tech_.evaluate(async () => {
			const canvas = document.createElement('canvas');
			canvas.width = 64;
			canvas.height = 48;
			const ctx = canvas.getContext('2d')!;
			ctx.fillStyle = '#2171b5';
			ctx.fillRect(0, 0, 64, 48);
			const blob = await new Promise<Blob>((resolve) =>
				canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.8)
			);
			return [...new Uint8Array(await blob.arrayBuffer())];
		});
		await tech_.getByTestId('field-photo').setInputFiles({
			name: 'dong-ho.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from(jpeg)
		});
		await expect(tech_.getByTestId('field-attachments')).toBeVisible();
		await tech_.getByTestId('field-action-done').click();
		await tech_.locator('input[name="index"]').fill('1234');
		await tech_.getByTestId('field-submit-done').click();
		await expect(tech_.getByTestId('field-action-failed')).toHaveCount(0);

		// (4) The dispatcher sees the new status and the photo, without a reload.
		await expect(card.getByTestId('dispatch-order-status')).toHaveAttribute('data-status', 'done');
		const photo = card.getByTestId('dispatch-photo');
		await expect(photo).toBeVisible();
		await expect
			.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
			.toBe(64);
		await expect
			.poll(() => drawnAt(dispatcher, 'dispatch-orders', customer.lon, customer.lat))
			.toMatchObject({ id: order.id, status: 'done' });
	} finally {
		await dispatcherContext.close();
		await techContext.close();
	}
});

test('a lasso bulk-assigns orders, an order is unassigned from its card and dragged onto a name, and a refusal shows its reason', async ({
	page,
	baseURL
}) => {
	test.setTimeout(120_000);
	const db = appDatabase(baseURL);
	try {
		const [tech] = await db<{ id: number }[]>`select id from staff where username = 'ghichiso'`;
		// Three neighbours without orders of their own (other specs raise orders too), away
		// from the other test's order.
		const near = await db<{ id: number; lon: number; lat: number }[]>`
			select c.id, ST_X(c.geom) as lon, ST_Y(c.geom) as lat from customer c
			where c.geom is not null
				and not exists (select 1 from work_order w where w.customer_id = c.id)
			order by c.geom <-> (
				-- The last seeded customer (2,000 seeded): customers other specs create sit
				-- together at one test address, some with orders of their own.
				select geom from customer where geom is not null and id <= 2000 order by id desc limit 1)
			limit 3`;
		// On duty beside them (as the phone would report it).
		await db`
			insert into staff_live (staff_id, on_duty, duty_since, geom, recorded_at)
			values (${tech.id}, true, now(), ST_SetSRID(ST_MakePoint(${near[0].lon}, ${near[0].lat} + 0.0005), 4326), now())
			on conflict (staff_id) do update set on_duty = true, geom = excluded.geom,
				recorded_at = excluded.recorded_at`;

		await login(page, 'dieuphoi');
		await page.waitForFunction(() =>
			Boolean((window as unknown as Partial<MapWindow>).waterlineMap)
		);
		const orders: { id: number; number: string; lon: number; lat: number }[] = [];
		for (const c of near) {
			const r = await page.request.post('/api/work-orders', {
				data: { type: 'leak_repair', customerId: c.id, description: 'E2E: rò rỉ' }
			});
			expect(r.status()).toBe(201);
			const { order } = (await r.json()) as { order: { id: number; number: string } };
			orders.push({ ...order, lon: c.lon, lat: c.lat });
		}
		// The orders in the middle of the map, clear of the panels on either side (neighbours are
		// tens of metres apart: about 0.6 m per pixel at zoom 17).
		await page.evaluate((points) => {
			const map = (window as unknown as MapWindow).waterlineMap;
			const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
			map.jumpTo({
				center: [mean(points.map((p) => p.lon)), mean(points.map((p) => p.lat))],
				zoom: 17
			});
		}, orders);
		for (const o of orders)
			await expect
				.poll(() => drawnAt(page, 'dispatch-orders', o.lon, o.lat))
				.toMatchObject({ id: o.id, status: 'new' });

		// Lasso around the three with the map's own selection tool.
		const screen = await page.evaluate(
			(points) =>
				points.map((p) => (window as unknown as MapWindow).waterlineMap.project([p.lon, p.lat])),
			orders
		);
		const box = await page.getByTestId('map').boundingBox();
		const margin = 40;
		const [x0, x1] = [
			Math.min(...screen.map((p) => p.x)) - margin + box!.x,
			Math.max(...screen.map((p) => p.x)) + margin + box!.x
		];
		const [y0, y1] = [
			Math.min(...screen.map((p) => p.y)) - margin + box!.y,
			Math.max(...screen.map((p) => p.y)) + margin + box!.y
		];
		await page.getByTestId('tool-lasso').click();
		await page.mouse.move(x0, y0);
		await page.mouse.down();
		for (const [x, y] of [
			[x1, y0],
			[x1, y1],
			[x0, y1],
			[x0, y0 + 2]
		])
			await page.mouse.move(x, y, { steps: 12 });
		await page.mouse.up();
		await expect(page.getByTestId('dispatch-picked')).toContainText('3');
		await page.getByTestId(`dispatch-assign-${tech.id}`).click();
		await expect(page.getByTestId('dispatch-message')).toContainText('Đã giao 3 phiếu');
		for (const o of orders)
			await expect
				.poll(() => drawnAt(page, 'dispatch-orders', o.lon, o.lat))
				.toMatchObject({ id: o.id, status: 'assigned', assignedTo: tech.id });

		// Unassign the first from its card: back in the queue.
		const [first, second] = orders;
		const at = await page.evaluate(
			(p) => (window as unknown as MapWindow).waterlineMap.project([p.lon, p.lat]),
			first
		);
		await page.getByTestId('map').click({ position: { x: at.x, y: at.y } });
		const card = page.getByTestId('dispatch-order');
		await expect(card).toContainText(first.number);
		await card.getByTestId('dispatch-unassign').click();
		await expect(card.getByTestId('dispatch-order-status')).toHaveAttribute('data-status', 'new');
		const queued = page.getByTestId(`dispatch-queue-${first.number}`);
		await expect(queued).toBeVisible();

		// Drag it from the queue onto the technician's name.
		await queued.dragTo(page.getByTestId(`dispatch-staff-${tech.id}`));
		await expect(queued).toHaveCount(0);
		await expect
			.poll(() => drawnAt(page, 'dispatch-orders', first.lon, first.lat))
			.toMatchObject({ id: first.id, status: 'assigned', assignedTo: tech.id });

		// Work started behind the dispatcher's back (no event): unassigning is refused, with why.
		const second_ = await page.evaluate(
			(p) => (window as unknown as MapWindow).waterlineMap.project([p.lon, p.lat]),
			second
		);
		await page.getByTestId('map').click({ position: { x: second_.x, y: second_.y } });
		await expect(card).toContainText(second.number);
		await db`update work_order set status = 'in_progress' where id = ${second.id}`;
		await card.getByTestId('dispatch-unassign').click();
		const refusal = page.getByTestId('dispatch-message');
		await expect(refusal).toHaveAttribute('role', 'alert');
		await expect(refusal).toContainText(`${second.number} is in_progress`);
		await expect(card.getByTestId('dispatch-order-status')).toHaveAttribute(
			'data-status',
			'in_progress'
		);
	} finally {
		await db.end();
	}
});
