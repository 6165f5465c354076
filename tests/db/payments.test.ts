// Payments against a seeded PostgreSQL: per-route submissions (full, partial, oldest first,
// overpayment as credit, one transaction naming the customer code, replays of a client key),
// voiding, route scope, reader collections settled once, balances, and bank statements
// (matching, reasons, re-upload dedupe, rejected rows handed back annotated, review).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { customerBalances } from '../../src/lib/server/payments/ledger.repository.ts';
import {
	PaymentError,
	parsePaymentInput,
	recordSchema
} from '../../src/lib/server/payments/payments.schemas.ts';
import { recordPayments, recordSheet } from '../../src/lib/server/payments/record.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { bankTests } from './payments-bank.ts';
import { voidAndSettleTests } from './payments-settle.ts';

describe('payments', () => {
	let scratch: ScratchDb;
	let routes: number[];
	let periods: { older: number; old: number; current: number };
	const users: Record<string, SessionUser> = {};
	let invoiceNo = 0;

	async function staff(
		username: string,
		role: 'cashier' | 'billing_clerk' | 'field',
		routeIds: number[] | null
	) {
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values (${username}, ${'NV ' + username}, ${role}, 'x') returning id`;
		return {
			id: s.id,
			username,
			fullName: 'NV ' + username,
			role,
			permissions: defaultPermissions(role),
			routeIds
		} satisfies SessionUser;
	}

	const customersOf = async (routeId: number) =>
		(
			await scratch.sql<{ id: number; code: string }[]>`
				select id, code from customer where route_id = ${routeId} order by id`
		).map((c) => c);

	/** An issued regular invoice of `totalVnd` (water only) for the customer and period. */
	async function issue(customerId: number, periodId: number, totalVnd: number): Promise<number> {
		invoiceNo++;
		const [row] = await scratch.sql<{ id: number }[]>`
			insert into invoice (customer_id, period_id, route_id, consumption_m3, water_amount_vnd,
				vat_vnd, env_fee_vnd, total_vnd, status, series, invoice_year, number, issued_on)
			select id, ${periodId}, route_id, 10, ${totalVnd}, 0, 0, ${totalVnd}, 'issued', '1C26TWL',
				2026, ${invoiceNo}, (select period_month + interval '1 month' from reading_period
					where id = ${periodId})::date
			from customer where id = ${customerId} returning id::int as id`;
		return row.id;
	}
	const invoice = async (id: number) =>
		(
			await scratch.sql<{ paid: number; status: string }[]>`
				select paid_vnd::int as paid, status from invoice where id = ${id}`
		)[0];

	const submission = (
		routeId: number,
		rows: { customerId: number; full?: boolean; amount?: string }[],
		extra: Record<string, unknown> = {}
	) =>
		parsePaymentInput(recordSchema, {
			clientKey: randomUUID(),
			periodId: periods.current,
			routeId,
			method: 'cash',
			receivedOn: '2026-11-20',
			rows: rows.map((r) => ({ full: false, amount: '', ...r })),
			...extra
		});
	const clock = { now: new Date('2026-11-25T03:00:00Z') };

	async function refused(promise: Promise<unknown>): Promise<PaymentError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(PaymentError);
		return error as PaymentError;
	}

	beforeAll(async () => {
		scratch = await createScratchDb('payments');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 11, bulk: 'copy' });
		await ensureRoles(scratch.db);
		routes = (
			await scratch.sql<{ id: number }[]>`
				select route_id as id from customer where route_id is not null
				group by route_id having count(*) >= 3 order by count(*) desc, route_id limit 3`
		).map((r) => r.id);
		expect(routes).toHaveLength(3);
		const locked = await scratch.sql<{ id: number }[]>`
			select id from reading_period where status <> 'open' order by period_month desc limit 3`;
		periods = { current: locked[0].id, old: locked[1].id, older: locked[2].id };
		users.cashier = await staff('thungan.p', 'cashier', null);
		users.clerk = await staff('hoadon.p', 'billing_clerk', [routes[0]]);
		users.reader = await staff('ghi.p', 'field', [routes[2]]);
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('pays one invoice in full and another partly, with receipts and audit rows', async () => {
		const [a, b] = await customersOf(routes[0]);
		const ia = await issue(a.id, periods.current, 250_000);
		const ib = await issue(b.id, periods.current, 180_000);
		const sheet = await recordSheet(scratch.db, users.cashier, {
			period: periods.current,
			route: routes[0]
		});
		expect(sheet.rows.find((r) => r.customerId === a.id)).toMatchObject({
			outstandingVnd: 250_000,
			previousDebtVnd: 0,
			dueVnd: 250_000
		});
		const input = submission(routes[0], [
			{ customerId: a.id, full: true },
			{ customerId: b.id, amount: '100.000' }
		]);
		const done = await recordPayments(scratch.db, users.clerk, input, clock);
		expect(done.replayed).toBe(false);
		expect(done.receipts.map((r) => [r.customerCode, r.amountVnd, r.method])).toEqual([
			[a.code, 250_000, 'cash'],
			[b.code, 100_000, 'cash']
		]);
		expect(done.receipts[0].number).toMatch(/^PT-2026-\d{6}$/);
		expect(await invoice(ia)).toEqual({ paid: 250_000, status: 'paid' });
		expect(await invoice(ib)).toEqual({ paid: 100_000, status: 'issued' });
		const [{ audits }] = await scratch.sql<{ audits: number }[]>`
			select count(*)::int as audits from audit_log where entity = 'receipt'
				and action = 'receipt.create' and new_values->>'client_key' = ${input.clientKey}`;
		expect(audits).toBe(2);
		const balances = await customerBalances(scratch.db, [a.id, b.id]);
		expect(balances.get(b.id)).toEqual({
			customerId: b.id,
			outstandingVnd: 80_000,
			creditVnd: 0,
			balanceVnd: 80_000
		});
	});

	it('answers a resubmitted client key with the same receipts, also at the same time', async () => {
		const [, , c] = await customersOf(routes[0]);
		const ic = await issue(c.id, periods.current, 90_000);
		const input = submission(routes[0], [{ customerId: c.id, amount: '40000' }]);
		const [one, two] = await Promise.all([
			recordPayments(scratch.db, users.cashier, input, clock),
			recordPayments(scratch.db, users.cashier, input, clock)
		]);
		expect(one.receipts[0].id).toBe(two.receipts[0].id);
		expect([one.replayed, two.replayed].sort()).toEqual([false, true]);
		const again = await recordPayments(scratch.db, users.cashier, input, clock);
		expect(again).toMatchObject({ replayed: true, receipts: [{ id: one.receipts[0].id }] });
		expect(await invoice(ic)).toEqual({ paid: 40_000, status: 'issued' });
	});

	it('applies oldest first across two invoices and keeps an overpayment as credit', async () => {
		const [, , , d] = await customersOf(routes[0]);
		const older = await issue(d.id, periods.old, 120_000);
		const newer = await issue(d.id, periods.current, 200_000);
		const sheet = await recordSheet(scratch.db, users.cashier, {
			period: periods.current,
			route: routes[0]
		});
		expect(sheet.rows.find((r) => r.customerId === d.id)).toMatchObject({
			outstandingVnd: 200_000,
			previousDebtVnd: 120_000,
			dueVnd: 320_000
		});
		await recordPayments(
			scratch.db,
			users.cashier,
			submission(routes[0], [{ customerId: d.id, amount: '150000' }]),
			clock
		);
		expect(await invoice(older)).toEqual({ paid: 120_000, status: 'paid' });
		expect(await invoice(newer)).toEqual({ paid: 30_000, status: 'issued' });
		const over = await recordPayments(
			scratch.db,
			users.cashier,
			submission(routes[0], [{ customerId: d.id, amount: '200000' }]),
			clock
		);
		expect(await invoice(newer)).toEqual({ paid: 200_000, status: 'paid' });
		expect(over.receipts[0]).toMatchObject({ amountVnd: 200_000, appliedVnd: 170_000 });
		expect((await customerBalances(scratch.db, [d.id])).get(d.id)).toMatchObject({
			outstandingVnd: 0,
			creditVnd: 30_000,
			balanceVnd: -30_000
		});
		// A further invoice takes the credit first: paying "in full" asks only for the rest.
		const next = await issue(d.id, periods.older, 50_000);
		const full = await recordPayments(
			scratch.db,
			users.cashier,
			submission(routes[0], [{ customerId: d.id, full: true }]),
			clock
		);
		expect(full.receipts[0].amountVnd).toBe(20_000);
		expect(await invoice(next)).toEqual({ paid: 50_000, status: 'paid' });
	});

	it('writes nothing when one row is bad, and names that customer code and field', async () => {
		const list = await customersOf(routes[1]);
		const [e, f] = list;
		const ie = await issue(e.id, periods.current, 70_000);
		await issue(f.id, periods.current, 60_000);
		const error = await refused(
			recordPayments(
				scratch.db,
				users.cashier,
				submission(routes[1], [
					{ customerId: e.id, full: true },
					{ customerId: f.id, amount: '12,5' }
				]),
				clock
			)
		);
		expect(error.field).toBe(`${f.code}.amount`);
		expect(error.reason).toContain(f.code);
		expect(await invoice(ie)).toEqual({ paid: 0, status: 'issued' });
		const [{ n }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from receipt where customer_id in (${e.id}, ${f.id})`;
		expect(n).toBe(0);
		const unbilled = list[list.length - 1];
		const missing = await refused(
			recordPayments(
				scratch.db,
				users.cashier,
				submission(routes[1], [{ customerId: unbilled.id, amount: '1000' }]),
				clock
			)
		);
		expect(missing.field).toBe('rows[0].customerId');
		const future = await refused(
			recordPayments(
				scratch.db,
				users.cashier,
				submission(routes[1], [{ customerId: e.id, full: true }], { receivedOn: '2026-12-01' }),
				clock
			)
		);
		expect(future.field).toBe('receivedOn');
	});

	it('refuses a route outside the billing clerk scope', async () => {
		const [g] = await customersOf(routes[1]);
		const error = await refused(
			recordPayments(
				scratch.db,
				users.clerk,
				submission(routes[1], [{ customerId: g.id, amount: '1000' }]),
				clock
			)
		);
		expect(error).toMatchObject({ status: 404, field: 'routeId' });
		await refused(
			recordSheet(scratch.db, users.clerk, { period: periods.current, route: routes[1] })
		);
		expect((await recordSheet(scratch.db, users.clerk, {})).routes.map((r) => r.id)).toEqual([
			routes[0]
		]);
	});

	voidAndSettleTests(() => ({
		scratch,
		users,
		issue,
		invoice,
		periods,
		routes,
		customersOf,
		refused,
		submission,
		clock
	}));
	bankTests(() => ({ scratch, users, issue, invoice, periods, routes, customersOf, refused }));
});
