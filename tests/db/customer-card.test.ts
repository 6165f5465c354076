// The map's customer card against a seeded PostgreSQL: shape and values, ordering, scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { customerCard, type CustomerCard } from '../../src/lib/server/map/customer-card.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { GET as cardEndpoint } from '../../src/routes/api/map/customers/[id]/+server.ts';

const user = (role: SessionUser['role'], routeIds: number[] | null): SessionUser => ({
	id: 1,
	username: role,
	fullName: role,
	role,
	permissions: defaultPermissions(role),
	routeIds
});
const dispatcher = user('dispatcher', null);

describe('customer card', () => {
	let scratch: ScratchDb;
	let customerId: number;
	let card: CustomerCard;

	beforeAll(async () => {
		scratch = await createScratchDb('card');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 1500, seed: 5, bulk: 'copy' });
		// A customer with an open seeded work order; add older, newer and closed ones.
		const [row] = await scratch.sql<{ customer_id: number }[]>`
			select customer_id from work_order where status = 'new' order by id limit 1`;
		customerId = row.customer_id;
		await scratch.sql`
			insert into work_order (number, type, status, customer_id, created_at)
			values ('PCT-2026-900001', 'complaint_investigation', 'cancelled', ${customerId}, now()),
				('PCT-2025-900002', 're_read', 'new', ${customerId}, now() - interval '400 days')`;
		const outcome = await customerCard(scratch.db, dispatcher, customerId);
		if (!outcome.ok) throw new Error(outcome.message);
		card = outcome.card;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('shows the customer with ward, zone, route and position', async () => {
		const [c] = await scratch.sql`
			select c.code, c.name, c.address, c.phone, c.category, c.status, w.name as ward,
				z.name as zone, r.code as route, ST_X(c.geom) as lon, ST_Y(c.geom) as lat
			from customer c join ward w on w.id = c.ward_id left join zone z on z.id = c.zone_id
			left join route r on r.id = c.route_id where c.id = ${customerId}`;
		expect(card.customer).toEqual({
			id: customerId,
			code: c.code,
			name: c.name,
			address: c.address,
			phone: c.phone,
			category: c.category,
			status: c.status,
			ward: expect.stringContaining(c.ward),
			zone: c.zone,
			route: c.route,
			lon: c.lon,
			lat: c.lat
		});
		expect(card.customer.ward).toMatch(/^(Phường|Xã|Đặc khu) /);
		expect(card.customer.address).toContain(card.customer.ward);
	});

	it('shows the meter in service, with whether its verification is overdue', async () => {
		const [m] = await scratch.sql`
			select serial, brand, size_mm, installed_on::text, verification_due_on::text,
				verification_due_on < (now() at time zone 'Asia/Ho_Chi_Minh')::date as overdue
			from meter where customer_id = ${customerId} and status = 'in_service'`;
		expect(card.meter).toEqual({
			serial: m.serial,
			brand: m.brand,
			sizeMm: m.size_mm,
			installedOn: m.installed_on,
			verificationDueOn: m.verification_due_on,
			overdue: m.overdue
		});
	});

	it('shows the active contract', async () => {
		const [k] = await scratch.sql`
			select number, signed_on::text, status from contract
			where customer_id = ${customerId} and status = 'active'`;
		expect(card.contract).toEqual({ number: k.number, signedOn: k.signed_on, status: 'active' });
		expect(card.contract!.number.startsWith(card.customer.code + '/')).toBe(true);
	});

	it('lists the readings of the last 12 periods, oldest first, as numbers', async () => {
		const rows = await scratch.sql<
			{ month: string; consumption: string | null; current: string | null; kind: string }[]
		>`
			select p.period_month::text as month, r.consumption_m3::text as consumption,
				r.current_index::text as current, r.kind
			from reading r join reading_period p on p.id = r.period_id
			where r.customer_id = ${customerId} order by p.period_month`;
		expect(card.readings).toHaveLength(12);
		expect(card.readings).toEqual(
			rows.map((r) => ({
				periodMonth: r.month,
				consumptionM3: r.consumption === null ? null : Number(r.consumption),
				currentIndex: r.current === null ? null : Number(r.current),
				kind: r.kind
			}))
		);
		const months = card.readings.map((r) => r.periodMonth);
		expect(months).toEqual([...months].sort());
		expect(months[0]).toMatch(/^\d{4}-\d{2}-01$/);
	});

	it('lists open work orders first, newest first within each group', async () => {
		const orders = card.workOrders;
		expect(orders).toHaveLength(3);
		expect(orders.map((o) => o.status)).toEqual(['new', 'new', 'cancelled']);
		expect(orders[1].number).toBe('PCT-2025-900002');
		expect(orders[0].createdAt > orders[1].createdAt).toBe(true);
		expect(orders[0].number).toMatch(/^PCT-\d{4}-\d{6}$/);
		expect(typeof orders[0].id).toBe('number');
		expect(orders[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
	});

	it('refuses a customer outside a route-scoped user’s routes, and says when none exists', async () => {
		const [c] = await scratch.sql<{ route_id: number }[]>`
			select route_id from customer where id = ${customerId}`;
		const [other] = await scratch.sql<{ id: number }[]>`
			select id from route where id <> ${c.route_id} order by id limit 1`;
		expect(await customerCard(scratch.db, user('billing_clerk', [other.id]), customerId)).toEqual({
			ok: false,
			status: 403,
			message: 'customer outside your routes'
		});
		const inScope = await customerCard(scratch.db, user('billing_clerk', [c.route_id]), customerId);
		expect(inScope.ok).toBe(true);
		expect(await customerCard(scratch.db, dispatcher, 999_999)).toMatchObject({
			ok: false,
			status: 404
		});
	});

	it('answers over HTTP: JSON, 400 for a bad id, 403 and 404', async () => {
		process.env.DATABASE_URL = scratch.url;
		const call = (id: string, who = dispatcher) =>
			cardEndpoint({ params: { id }, locals: { user: who } } as unknown as Parameters<
				typeof cardEndpoint
			>[0]);
		const res = await call(String(customerId));
		expect(res.status).toBe(200);
		expect(((await res.json()) as CustomerCard).customer.id).toBe(customerId);
		for (const bad of ['abc', '1.5', '-1', '9999999999', ''])
			await expect(call(bad), bad).rejects.toMatchObject({
				status: 400,
				body: { message: 'id: must be a whole number' }
			});
		await expect(call('999999')).rejects.toMatchObject({ status: 404 });
		await expect(call(String(customerId), user('field', []))).rejects.toMatchObject({
			status: 403
		});
	});
});
