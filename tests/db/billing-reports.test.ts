// Billing reports against a seeded PostgreSQL with crafted invoices and receipts: the summary
// by route and category (trial and cancelled bills left out, drafts on request, adjustments in
// their original's period), receipts by day and method with voided ones apart, route scope,
// and the spreadsheets opened back with exceljs. Debt ageing is in billing-reports-ageing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	writeReceiptsXlsx,
	writeSummaryXlsx
} from '../../src/lib/server/billing-reports/billing-reports-xlsx.ts';
import {
	BillingReportError,
	parseReportQuery,
	summaryFilterSchema
} from '../../src/lib/server/billing-reports/billing-reports.schemas.ts';
import {
	receiptsRange,
	receiptsReport,
	summaryReport
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

describe('billing reports', () => {
	let scratch: ScratchDb;
	let rows: ReportDb['rows'];
	let R: number[];
	let cust: number[][];
	let period: Record<string, number>;
	let readerId: number;

	beforeAll(async () => {
		({ scratch, rows, R, cust, period, readerId } = await reportDb('billing_reports'));
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
