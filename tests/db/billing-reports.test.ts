// Billing reports against a seeded PostgreSQL with crafted invoices and receipts: the summary
// by route and category (trial and cancelled bills left out, drafts on request, adjustments in
// their original's period), debt ageing across the bucket boundaries and as of a day (later
// receipts and voided ones do not count), receipts by day and method, route scope, and the
// spreadsheets opened back with exceljs.
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	bucketOf,
	daysPastDue,
	emptyBuckets
} from '../../src/lib/domain/billing-reports/ageing.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import {
	writeAgeingXlsx,
	writeReceiptsXlsx,
	writeSummaryXlsx
} from '../../src/lib/server/billing-reports/billing-reports-xlsx.ts';
import {
	ageingFilterSchema,
	BillingReportError,
	parseReportQuery,
	summaryFilterSchema
} from '../../src/lib/server/billing-reports/billing-reports.schemas.ts';
import {
	ageingReport,
	receiptsReport,
	receiptsRange,
	streamDebtors,
	summaryReport
} from '../../src/lib/server/billing-reports/billing-reports.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { billingRows, type InvoiceSpec } from './support/billing-report-rows.ts';

const all = { routeIds: null };
const minusDays = (day: string, n: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

async function workbookOf(write: (out: Writable) => Promise<unknown>) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	await write(out);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
	return wb;
}

describe('billing reports', () => {
	let scratch: ScratchDb;
	let rows: ReturnType<typeof billingRows>;
	/** Three routes (ordered by code) and four customers on each. */
	let R: number[];
	let cust: number[][];
	const period: Record<string, number> = {};
	let readerId: number;

	beforeAll(async () => {
		scratch = await createScratchDb('billing_reports');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 600, seed: 11, bulk: 'copy' });
		await ensureRoles(scratch.db);
		rows = billingRows(scratch.sql);
		R = (
			await scratch.sql<{ id: number }[]>`
				select r.id from route r where (select count(*) from customer c where c.route_id = r.id) >= 4
				order by r.code limit 3`
		).map((r) => r.id);
		cust = [];
		for (const routeId of R)
			cust.push(
				(
					await scratch.sql<{ id: number }[]>`
						select id from customer where route_id = ${routeId} order by id limit 4`
				).map((c) => c.id)
			);
		for (let m = 1; m <= 12; m++) {
			const month = `2030-${String(m).padStart(2, '0')}-01`;
			const [p] = await scratch.sql<{ id: number }[]>`
				insert into reading_period (period_month, status, closed_at)
				values (${month}, 'closed', now()) returning id`;
			period[month.slice(0, 7)] = p.id;
		}
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('thu.bc', 'NV thu', 'field', 'x') returning id`;
		readerId = s.id;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	describe('summary by route and category', () => {
		beforeAll(async () => {
			const [A, B] = cust;
			const p1 = period['2030-01'];
			const base = (customerId: number, routeId: number, f: Partial<InvoiceSpec>) =>
				rows.invoice({ customerId, periodId: p1, routeId, category: 'SH', ...f });
			const a1 = await base(A[0], R[0], { m3: 10.5, water: 100_000, vat: 5000, env: 10_000 });
			await base(A[0], R[0], { status: 'cancelled', m3: 999, water: 9_990_000 });
			await base(A[1], R[0], {
				status: 'paid',
				m3: 20.25,
				water: 200_000,
				vat: 10_000,
				env: 20_000,
				drainage: 15_000,
				drainageVat: 1500
			});
			await base(A[2], R[0], { category: 'KD', m3: 5.125, water: 80_000, vat: 4000, env: 8000 });
			await base(A[3], R[0], { status: 'draft', m3: 7, water: 70_000, vat: 3500, env: 7000 });
			// A credit adjustment filed in February: it counts in January, its original's period.
			await rows.invoice({
				customerId: A[0],
				periodId: period['2030-02'],
				originalId: a1,
				m3: -1.5,
				water: -15_000,
				vat: -750,
				env: -1500
			});
			await base(B[0], R[1], { m3: 12, water: 120_000, vat: 6000, env: 12_000 });
			await base(B[1], R[1], { status: 'draft', trial: true, m3: 500, water: 5_000_000 });
			await base(B[2], R[1], {
				category: 'HCSN',
				m3: 30,
				water: 450_000,
				vat: 22_500,
				env: 45_000
			});
			await rows.invoice({
				customerId: A[0],
				periodId: period['2030-02'],
				routeId: R[0],
				category: 'SH',
				m3: 9,
				water: 90_000
			});
		});

		const filter = (q: Record<string, string>) =>
			parseReportQuery(summaryFilterSchema, new URLSearchParams(q));

		it('sums issued and paid invoices per route and category, with subtotals and the total', async () => {
			const s = await summaryReport(scratch.db, all, filter({ period: String(period['2030-01']) }));
			expect(s.routes.map((r) => [r.routeId, r.categories.map((c) => c.categoryCode)])).toEqual([
				[R[0], ['KD', 'SH']],
				[R[1], ['HCSN', 'SH']]
			]);
			expect(s.routes[0].categories[1]).toMatchObject({
				invoices: 2,
				adjustments: 1,
				consumptionM3: 29.25,
				waterVnd: 285_000,
				vatVnd: 14_250,
				envFeeVnd: 28_500,
				drainageVnd: 15_000,
				drainageVatVnd: 1500,
				totalVnd: 344_250
			});
			expect(s.routes[0].subtotal).toMatchObject({
				invoices: 3,
				consumptionM3: 34.375,
				totalVnd: 436_250
			});
			expect(s.routes[1].subtotal).toMatchObject({
				invoices: 2,
				consumptionM3: 42,
				totalVnd: 655_500
			});
			// Neither the cancelled bill (9.990.000) nor the trial (5.000.000) nor February's.
			expect(s.total.totalVnd).toBe(1_091_750);
		});

		it('counts drafts only when asked, and trial invoices never', async () => {
			const s = await summaryReport(
				scratch.db,
				all,
				filter({ period: String(period['2030-01']), drafts: 'on' })
			);
			expect(s.routes[0].categories[1]).toMatchObject({ invoices: 3, totalVnd: 424_750 });
			expect(s.total.totalVnd).toBe(1_172_250);
		});

		it('keeps a scoped clerk to their routes, and a route filter to its route', async () => {
			const p = String(period['2030-01']);
			const scoped = await summaryReport(scratch.db, { routeIds: [R[1]] }, filter({ period: p }));
			expect(scoped.routes.map((r) => r.routeId)).toEqual([R[1]]);
			expect(scoped.total.totalVnd).toBe(655_500);
			const outside = await summaryReport(
				scratch.db,
				{ routeIds: [R[1]] },
				filter({ period: p, route: String(R[0]) })
			);
			expect(outside.routes).toEqual([]);
			const one = await summaryReport(scratch.db, all, filter({ period: p, route: String(R[0]) }));
			expect(one.total.totalVnd).toBe(436_250);
		});

		it('refuses an unknown period and a malformed filter, naming the field', async () => {
			const err = await summaryReport(scratch.db, all, filter({ period: '999999' })).catch(
				(e) => e
			);
			expect(err).toBeInstanceOf(BillingReportError);
			expect(err).toMatchObject({ status: 404, field: 'period' });
			expect(() => filter({ period: 'mười' })).toThrow(BillingReportError);
			expect(() => filter({ drafts: 'maybe' })).toThrow(/drafts/);
		});

		it('exports the same figures with Vietnamese headers, formats and a frozen header', async () => {
			const s = await summaryReport(scratch.db, all, filter({ period: String(period['2030-01']) }));
			const sheet = (await workbookOf((out) => writeSummaryXlsx(s, out))).worksheets[0];
			expect(sheet.getRow(1).values).toContain('Tổng cộng (đồng)');
			expect(sheet.getRow(1).getCell(6).value).toBe('Sản lượng (m³)');
			expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
			expect(sheet.getRow(2).getCell(6).numFmt).toBe('#,##0.000');
			expect(sheet.getRow(2).getCell(7).numFmt).toBe('#,##0');
			const last = sheet.getRow(sheet.rowCount);
			expect(last.getCell(1).value).toBe('Tổng cộng');
			expect(last.getCell(6).value).toBe(s.total.consumptionM3);
			expect(last.getCell(12).value).toBe(s.total.totalVnd);
			// 4 category rows + 2 route subtotals + header + total.
			expect(sheet.rowCount).toBe(8);
		});
	});

	describe('debt ageing', () => {
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

		it('counts receipts up to the end of the as-of day only, never voided ones', async () => {
			const report = await ageingReport(scratch.db, all, { asOf, route: R[2] });
			expect(report.debtors.map((d) => [d.customerId, d.total])).toEqual([
				[cust[2][1], 300_000],
				[cust[2][0], 127_000],
				[cust[2][2], 80_000]
			]);
			expect(report.debtors[0].amounts.d31_60).toBe(300_000);
			expect(report.debtors[2].amounts.d1_30).toBe(80_000);
			expect(await r3(asOf)).toMatchObject({ customers: 3, total: 507_000 });
			// A day later the 00:10 transfer counts; after 2 January the QR payment too.
			expect(await r3('2031-01-01')).toMatchObject({ customers: 3, total: 407_000 });
			expect(await r3('2031-01-05')).toMatchObject({ customers: 2, total: 327_000 });
			// From 10 January the bill issued that day is a debt (not yet due).
			const later = await r3('2031-01-10');
			expect(later).toMatchObject({ customers: 3, total: 367_000 });
			expect(later!.amounts.current).toBe(40_000);
		});

		it('adds the routes into the total and keeps a scoped clerk to their routes', async () => {
			const report = await ageingReport(scratch.db, all, { asOf });
			const sum = report.routes.reduce((s, r) => s + r.total, 0);
			expect(report.total.total).toBe(sum);
			expect(report.debtors).toEqual([]);
			const scoped = await ageingReport(scratch.db, { routeIds: [R[0]] }, { asOf, route: R[2] });
			expect(scoped.routes.map((r) => r.routeId)).toEqual([R[0]]);
			expect(scoped.debtors).toEqual([]);
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

	describe('receipts by method', () => {
		beforeAll(async () => {
			const [A, B] = cust;
			const r = (customerId: number, method: string, amount: number, at: string, voided = false) =>
				rows.receipt({
					customerId,
					method,
					amount,
					at,
					voided,
					reader: { staffId: readerId, periodId: period['2030-03'] }
				});
			await r(A[0], 'cash', 100_000, '2030-02-28T16:59:00Z');
			await r(A[0], 'cash', 150_000, '2030-02-28T17:00:00Z');
			await r(A[1], 'bank_transfer', 200_000, '2030-03-01T03:00:00Z');
			await r(A[2], 'qr', 50_000, '2030-03-01T17:30:00Z');
			await r(B[0], 'auto_debit', 300_000, '2030-03-02T05:00:00Z');
			await r(A[0], 'reader_collection', 120_000, '2030-03-02T06:00:00Z');
			await r(A[1], 'cash', 70_000, '2030-03-01T08:00:00Z', true);
			await r(A[2], 'cash', 40_000, '2030-03-02T17:00:00Z');
		});
		const range = { from: '2030-03-01', to: '2030-03-02' };

		it('counts and sums per Hanoi day and method, voided receipts apart', async () => {
			const report = await receiptsReport(scratch.db, all, range);
			expect(report.days.map((d) => [d.day, d.total.count, d.total.amountVnd])).toEqual([
				['2030-03-01', 2, 350_000],
				['2030-03-02', 3, 470_000]
			]);
			expect(report.days[0].methods.cash).toEqual({ count: 1, amountVnd: 150_000 });
			expect(report.days[0].voided).toEqual({ count: 1, amountVnd: 70_000 });
			expect(report.days[1].methods.reader_collection).toEqual({ count: 1, amountVnd: 120_000 });
			expect(report.total.total).toEqual({ count: 5, amountVnd: 820_000 });
			expect(report.total.voided.count).toBe(1);
		});

		it('keeps a scoped clerk to the receipts of their routes', async () => {
			const report = await receiptsReport(scratch.db, { routeIds: [R[0]] }, range);
			expect(report.total.total).toEqual({ count: 4, amountVnd: 520_000 });
			expect(report.total.methods.auto_debit.count).toBe(0);
		});

		it('refuses a range that ends before it starts or spans more than a year', () => {
			expect(() => receiptsRange({ from: '2030-03-02', to: '2030-03-01' })).toThrow(/to/);
			expect(() => receiptsRange({ from: '2030-01-01', to: '2031-01-02' })).toThrow(/366/);
		});

		it('exports the days with totals equal to the screen', async () => {
			const report = await receiptsReport(scratch.db, all, range);
			const sheet = (await workbookOf((out) => writeReceiptsXlsx(report, out))).worksheets[0];
			expect(sheet.getRow(1).getCell(2).value).toBe('Tiền mặt tại quầy – số phiếu');
			expect(sheet.getRow(1).getCell(13).value).toBe('Tổng tiền (đồng)');
			const last = sheet.getRow(sheet.rowCount);
			expect([last.getCell(12).value, last.getCell(13).value]).toEqual([5, 820_000]);
			expect(last.getCell(14).value).toBe(1);
			expect(sheet.rowCount).toBe(4);
		});
	});
});
