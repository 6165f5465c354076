// Debt ageing against a seeded PostgreSQL with crafted invoices and receipts: buckets across
// day 0, 30, 31, 60, 61, 90 and 91 (the SQL agrees with the domain's bucketOf), debt as of a
// day (receipts after it and voided ones do not count; bills voided after it still do), route
// scope, and the spreadsheet of routes and every debtor opened back with exceljs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	bucketOf,
	daysPastDue,
	emptyBuckets
} from '../../src/lib/domain/billing-reports/ageing.ts';
import { writeAgeingXlsx } from '../../src/lib/server/billing-reports/billing-reports-xlsx.ts';
import {
	ageingFilterSchema,
	BillingReportError,
	parseReportQuery
} from '../../src/lib/server/billing-reports/billing-reports.schemas.ts';
import {
	ageingReport,
	streamDebtors
} from '../../src/lib/server/billing-reports/billing-reports.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import type { ScratchDb } from '../../src/lib/server/db/test-database.ts';
import {
	reportDb,
	workbookOf,
	type InvoiceSpec,
	type ReportDb
} from './support/billing-report-rows.ts';

const all = { routeIds: null };
const minusDays = (day: string, n: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe('debt ageing', () => {
	let scratch: ScratchDb;
	let rows: ReportDb['rows'];
	let R: number[];
	let cust: number[][];
	let period: Record<string, number>;

	beforeAll(async () => {
		({ scratch, rows, R, cust, period } = await reportDb('billing_ageing'));
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	const asOf = '2030-12-31';
	const boundaries = [0, 30, 31, 60, 61, 90, 91];
	const c1Bills: { dueOn: string; amount: number }[] = [];

	beforeAll(async () => {
		const [c1, c2, c3] = cust[2];
		const on = (customerId: number, month: string, f: Partial<InvoiceSpec>) =>
			rows.invoice({ customerId, periodId: period[month], routeId: R[2], category: 'SH', ...f });
		// One bill per boundary, oldest period for the oldest debt; amounts 1.000 × 2^k.
		for (const [k, d] of boundaries.entries()) {
			const dueOn = minusDays(asOf, d);
			const amount = 1000 * 2 ** k;
			c1Bills.push({ dueOn, amount });
			await on(c1, `2030-0${9 - k}`, { water: amount, dueOn, issuedOn: minusDays(dueOn, 15) });
		}
		const due = { issuedOn: '2030-11-05', dueOn: '2030-11-20' };
		const c2Bill = await on(c2, '2030-10', { water: 500_000, ...due });
		await on(c2, '2030-11', { status: 'cancelled', water: 1_000_000 });
		// Voided on 3 January: still a debt on 31 December.
		await on(cust[2][3], '2030-12', {
			status: 'cancelled',
			water: 10_000,
			issuedOn: '2030-12-01',
			dueOn: '2030-12-16',
			voidedAt: '2031-01-03T02:00:00Z'
		});
		await on(c2, '2030-12', { status: 'draft', water: 2_000_000 });
		// Paid on the last evening of the as-of day (Hanoi), then just after midnight.
		await rows.receipt({
			customerId: c2,
			method: 'cash',
			amount: 200_000,
			at: '2030-12-31T16:30:00Z',
			pays: [{ invoiceId: c2Bill, amount: 200_000 }]
		});
		await rows.receipt({
			customerId: c2,
			method: 'bank_transfer',
			amount: 100_000,
			at: '2030-12-31T17:10:00Z',
			pays: [{ invoiceId: c2Bill, amount: 100_000 }]
		});
		await rows.receipt({
			customerId: c2,
			method: 'cash',
			amount: 50_000,
			at: '2030-12-15T03:00:00Z',
			voided: true,
			pays: [{ invoiceId: c2Bill, amount: 50_000 }]
		});
		const c3Bill = await on(c3, '2030-10', {
			status: 'paid',
			water: 80_000,
			issuedOn: '2030-12-05',
			dueOn: '2030-12-20'
		});
		await rows.receipt({
			customerId: c3,
			method: 'qr',
			amount: 80_000,
			at: '2031-01-02T02:00:00Z',
			pays: [{ invoiceId: c3Bill, amount: 80_000 }]
		});
		// Issued after the as-of day: not a debt yet on it.
		await on(c3, '2030-11', { water: 40_000, issuedOn: '2031-01-10', dueOn: '2031-01-25' });
	});

	const r3 = async (day: string) =>
		(await ageingReport(scratch.db, all, { asOf: day, route: R[2] })).routes.find(
			(r) => r.routeId === R[2]
		);

	it('buckets debts across day 0, 30, 31, 60, 61, 90 and 91 as the domain does', async () => {
		const report = await ageingReport(scratch.db, all, { asOf, route: R[2] });
		const c1 = report.debtors.find((d) => d.customerId === cust[2][0])!;
		expect(c1.amounts).toEqual({
			current: 1000,
			d1_30: 2000,
			d31_60: 4000 + 8000,
			d61_90: 16_000 + 32_000,
			over90: 64_000
		});
		const expected = emptyBuckets();
		for (const b of c1Bills) expected[bucketOf(daysPastDue(b.dueOn, asOf))] += b.amount;
		expect(c1.amounts).toEqual(expected);
		expect(c1.total).toBe(127_000);
		expect(c1.oldestPeriod).toBe('2030-03-01');
	});

	it('counts receipts up to the end of the as-of day only (never voided ones), and bills voided after it', async () => {
		const report = await ageingReport(scratch.db, all, { asOf, route: R[2] });
		expect(report.debtors.map((d) => [d.customerId, d.total])).toEqual([
			[cust[2][1], 300_000],
			[cust[2][0], 127_000],
			[cust[2][2], 80_000],
			[cust[2][3], 10_000]
		]);
		expect(report.debtors[0].amounts.d31_60).toBe(300_000);
		expect(report.debtors[2].amounts.d1_30).toBe(80_000);
		expect(await r3(asOf)).toMatchObject({ customers: 4, total: 517_000 });
		// A day later the 00:10 transfer counts; after 2 January the QR payment too, and from 3
		// January the voided bill is gone.
		expect(await r3('2031-01-01')).toMatchObject({ customers: 4, total: 417_000 });
		expect(await r3('2031-01-05')).toMatchObject({ customers: 2, total: 327_000 });
		// From 10 January the bill issued that day is a debt (not yet due).
		const later = await r3('2031-01-10');
		expect(later).toMatchObject({ customers: 3, total: 367_000 });
		expect(later!.amounts.current).toBe(40_000);
	});

	it('adds the routes into the total and keeps a scoped clerk to their routes', async () => {
		await rows.invoice({
			customerId: cust[0][0],
			periodId: period['2030-05'],
			routeId: R[0],
			water: 25_000,
			issuedOn: '2030-06-01',
			dueOn: '2030-06-16'
		});
		const report = await ageingReport(scratch.db, all, { asOf });
		expect(report.routes.map((r) => [r.routeId, r.customers, r.total])).toEqual([
			[R[0], 1, 25_000],
			[R[2], 4, 517_000]
		]);
		expect(report.total).toMatchObject({ customers: 5, total: 542_000 });
		expect(report.total.amounts.over90).toBe(64_000 + 25_000);
		expect(report.debtors).toEqual([]);
		const scoped = await ageingReport(scratch.db, { routeIds: [R[0]] }, { asOf, route: R[2] });
		expect(scoped.routes.map((r) => r.routeId)).toEqual([R[0]]);
		expect(scoped.total.total).toBe(25_000);
		expect(scoped.debtors).toEqual([]);
		const own = await ageingReport(scratch.db, { routeIds: [R[2]] }, { asOf, route: R[2] });
		expect(own.debtors).toHaveLength(4);
	});

	it('refuses a malformed as-of date naming the field', () => {
		const bad = () =>
			parseReportQuery(ageingFilterSchema, new URLSearchParams({ asOf: '2030-13-01' }));
		expect(bad).toThrow(BillingReportError);
		expect(bad).toThrow(/asOf/);
	});

	it('exports the routes and every debtor with totals equal to the screen', async () => {
		const report = await ageingReport(scratch.db, all, { asOf });
		const wb = await workbookOf((out) =>
			writeAgeingXlsx(report, streamDebtors(scratch.db, all, asOf), out)
		);
		const [routes, list] = wb.worksheets;
		expect(routes.getRow(1).getCell(4).value).toBe('Chưa đến hạn (đồng)');
		expect(routes.getRow(routes.rowCount).getCell(9).value).toBe(report.total.total);
		expect(list.getRow(1).getCell(2).value).toBe('Mã khách hàng');
		expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(list.rowCount).toBe(report.total.customers + 2);
		expect(list.getRow(list.rowCount).getCell(11).value).toBe(report.total.total);
		expect(list.getRow(2).getCell(11).numFmt).toBe('#,##0');
	});
});
