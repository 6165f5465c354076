// Issuing invoices against a seeded PostgreSQL: numbering per series and year across a year
// boundary, in route order, without a shared number when two bulk issues run at once, and
// the refusals (trial, unlocked period, route outside the clerk's scope, no number left).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { issueBulk, issueOne } from '../../src/lib/server/invoices/issue.service.ts';
import { invoiceWorld, refused, type InvoiceWorld } from './support/invoices.ts';

describe('issuing invoices', () => {
	let w: InvoiceWorld;
	let clerk: SessionUser;
	let chief: SessionUser;

	const numbers = (ids: number[]) => w.scratch.sql<
		{
			id: string;
			series: string;
			invoice_year: number;
			number: number;
			issued_on: string;
			due_on: string;
			status: string;
		}[]
	>`select id, series, invoice_year, number, issued_on, due_on, status from invoice
		where id = any(${ids}::bigint[]) order by number`;

	beforeAll(async () => {
		w = await invoiceWorld('invoices');
		clerk = await w.staff('hd.a', 'billing_clerk', [w.routes[0]]);
		chief = await w.staff('hd.chief', 'billing_clerk', null);
	});
	afterAll(async () => {
		await closeDb();
		await w.scratch.drop();
	});

	it('numbers per series and year: 31/12 is 1C26TWL, 1/1 restarts at 1 in 1C27TWL', async () => {
		const december = await w.drafts(w.routes[0], w.lockedPeriod, 3);
		const january = await w.drafts(w.routes[1], w.lockedPeriod, 2);
		const first = await issueBulk(w.scratch.db, chief, {
			periodId: w.lockedPeriod,
			routeId: w.routes[0],
			issuedOn: '2026-12-31'
		});
		expect(first).toMatchObject({ count: 3, first: 1, last: 3, series: '1C26TWL' });
		const second = await issueBulk(w.scratch.db, chief, {
			periodId: w.lockedPeriod,
			routeId: w.routes[1],
			issuedOn: '2027-01-01'
		});
		expect(second).toMatchObject({ count: 2, first: 1, last: 2, series: '1C27TWL' });
		const dec = await numbers(december);
		expect(dec.map((r) => [r.series, r.invoice_year, r.number, r.status])).toEqual([
			['1C26TWL', 2026, 1, 'issued'],
			['1C26TWL', 2026, 2, 'issued'],
			['1C26TWL', 2026, 3, 'issued']
		]);
		// Due 15 days later (billing_settings.due_days), across the year end.
		expect(dec[0]).toMatchObject({ issued_on: '2026-12-31', due_on: '2027-01-15' });
		expect((await numbers(january)).map((r) => [r.series, r.number])).toEqual([
			['1C27TWL', 1],
			['1C27TWL', 2]
		]);
		const counters = await w.scratch
			.sql`select series, year, last_no from invoice_counter order by year`;
		expect(counters).toEqual([
			{ series: '1C26TWL', year: 2026, last_no: 3 },
			{ series: '1C27TWL', year: 2027, last_no: 2 }
		]);
		const audit = await w.scratch.sql`select count(*)::int as n from audit_log
			where entity = 'invoice' and action = 'invoice.issue' and actor_id = ${chief.id}`;
		expect(audit[0].n).toBe(5);
	});

	it('numbers a bulk issue in route and route_seq order', async () => {
		const ids = [
			...(await w.drafts(w.routes[2], w.lockedPeriod, 3)),
			...(await w.drafts(w.routes[1], w.lockedPeriod, 3))
		];
		await issueBulk(w.scratch.db, chief, { periodId: w.lockedPeriod, issuedOn: '2029-05-02' });
		const rows = await w.scratch.sql<{ number: number; code: string; route_seq: number | null }[]>`
			select i.number, r.code, c.route_seq from invoice i join customer c on c.id = i.customer_id
			join route r on r.id = i.route_id where i.id = any(${ids}::bigint[]) order by i.number`;
		expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
		const keys = rows.map((r) => [r.code, r.route_seq ?? 0] as const);
		const sorted = [...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
		expect(keys).toEqual(sorted);
	});

	it('never gives one number twice when two bulk issues run at once', async () => {
		const ids = [
			...(await w.drafts(w.routes[0], w.lockedPeriod, 15)),
			...(await w.drafts(w.routes[1], w.lockedPeriod, 15))
		];
		const day = '2030-03-03';
		const results = await Promise.allSettled([
			issueBulk(w.scratch.db, chief, {
				periodId: w.lockedPeriod,
				routeId: w.routes[0],
				issuedOn: day
			}),
			issueBulk(w.scratch.db, chief, { periodId: w.lockedPeriod, issuedOn: day }),
			issueBulk(w.scratch.db, chief, {
				periodId: w.lockedPeriod,
				routeId: w.routes[1],
				issuedOn: day
			})
		]);
		const issued = results
			.filter((r) => r.status === 'fulfilled')
			.reduce((s, r) => s + (r as PromiseFulfilledResult<{ count: number }>).value.count, 0);
		expect(issued).toBe(30);
		const rows = await numbers(ids);
		expect(rows.every((r) => r.series === '1C30TWL' && r.status === 'issued')).toBe(true);
		expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
	});

	it('refuses trial invoices, unlocked periods and routes outside the scope', async () => {
		const trial = await w.draft(await w.freeCustomer(w.routes[0], w.openPeriod), w.openPeriod, {
			trial: true
		});
		expect(await refused(issueOne(w.scratch.db, chief, trial))).toMatchObject({
			status: 409,
			field: 'trial'
		});
		const unlocked = await w.draft(await w.freeCustomer(w.routes[1], w.openPeriod), w.openPeriod);
		expect(await refused(issueOne(w.scratch.db, chief, unlocked))).toMatchObject({
			status: 409,
			field: 'periodId'
		});
		expect(await refused(issueBulk(w.scratch.db, chief, { periodId: w.openPeriod }))).toMatchObject(
			{
				status: 409,
				field: 'periodId'
			}
		);
		const elsewhere = await w.draft(
			await w.freeCustomer(w.routes[1], w.lockedPeriod),
			w.lockedPeriod
		);
		expect(await refused(issueOne(w.scratch.db, clerk, elsewhere))).toMatchObject({
			status: 404,
			field: 'id'
		});
		expect(
			await refused(
				issueBulk(w.scratch.db, clerk, { periodId: w.lockedPeriod, routeId: w.routes[1] })
			)
		).toMatchObject({ status: 403, field: 'routeId' });
		// The clerk's bulk issue takes only the clerk's route: the other route's draft stays.
		const own = await w.draft(await w.freeCustomer(w.routes[0], w.lockedPeriod), w.lockedPeriod);
		const result = await issueBulk(w.scratch.db, clerk, {
			periodId: w.lockedPeriod,
			issuedOn: '2031-02-01'
		});
		expect(result.ids).toEqual([own]);
		const statuses = await w.scratch.sql`select id, status from invoice
			where id = any(${[trial, unlocked, elsewhere]}::bigint[]) order by id`;
		expect(statuses.map((s) => s.status)).toEqual(['draft', 'draft', 'draft']);
		// An issued invoice is not issued again.
		expect(await refused(issueOne(w.scratch.db, chief, own))).toMatchObject({
			status: 409,
			field: 'status'
		});
	});

	it('refuses to issue past 99 999 999 in a year, and writes nothing', async () => {
		await w.scratch
			.sql`insert into invoice_counter (series, year, last_no) values ('1C32TWL', 2032, 99999999)`;
		const id = await w.draft(await w.freeCustomer(w.routes[2], w.lockedPeriod), w.lockedPeriod);
		const error = await refused(issueOne(w.scratch.db, chief, id, '2032-06-01'));
		expect(error).toMatchObject({ status: 409, field: 'number' });
		expect(error.reason).toContain('1C32TWL');
		const [row] = await w.scratch.sql`select status, number from invoice where id = ${id}`;
		expect(row).toEqual({ status: 'draft', number: null });
	});
});
