// Changes to issued invoices and reading them back against a seeded PostgreSQL: voids (with
// and without payments), adjustments with their audit trail, reprints, the scoped lookup with
// its filters and totals, and the e-invoice XML of an issued invoice.
import { create } from 'xmlbuilder2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import {
	adjustInvoice,
	reprintInvoice,
	voidInvoice
} from '../../src/lib/server/invoices/changes.service.ts';
import { batchXmlZip, invoiceXml } from '../../src/lib/server/invoices/export.service.ts';
import {
	adjustSchema,
	lookupSchema,
	parseInvoiceInput,
	voidSchema
} from '../../src/lib/server/invoices/invoices.schemas.ts';
import { issueOne } from '../../src/lib/server/invoices/issue.service.ts';
import { invoiceDetail, lookupInvoices } from '../../src/lib/server/invoices/lookup.service.ts';
import { invoiceWorld, refused, type InvoiceWorld } from './support/invoices.ts';

describe('invoice changes and lookup', () => {
	let w: InvoiceWorld;
	let clerk: SessionUser;
	let chief: SessionUser;

	async function issued(routeIndex = 0): Promise<number> {
		const id = await w.draft(
			await w.freeCustomer(w.routes[routeIndex], w.lockedPeriod),
			w.lockedPeriod
		);
		await issueOne(w.scratch.db, chief, id, '2026-04-05');
		return id;
	}

	beforeAll(async () => {
		w = await invoiceWorld('invoice_changes');
		clerk = await w.staff('hd.b', 'billing_clerk', [w.routes[0]]);
		chief = await w.staff('hd.chief2', 'billing_clerk', null);
	});
	afterAll(async () => {
		await closeDb();
		await w.scratch.drop();
	});

	it('voids an unpaid invoice with its reason, after which the customer can be billed again', async () => {
		const id = await issued();
		expect(() => parseInvoiceInput(voidSchema, { reason: 'ab' })).toThrow(/ít nhất 3/);
		await voidInvoice(w.scratch.db, clerk, id, 'Lập nhầm khách hàng');
		const [row] = await w.scratch.sql`select status, voided_by, voided_at is not null as voided,
			customer_id from invoice where id = ${id}`;
		expect(row).toMatchObject({ status: 'cancelled', voided_by: clerk.id, voided: true });
		const detail = await invoiceDetail(w.scratch.db, clerk, id);
		expect(detail.audit.at(-1)).toMatchObject({
			action: 'invoice.void',
			actorName: 'NV hd.b',
			newValues: { status: 'cancelled', reason: 'Lập nhầm khách hàng' }
		});
		// The unique index leaves cancelled bills out: a new draft for the same customer and period.
		const again = await w.draft(row.customer_id, w.lockedPeriod);
		expect(again).toBeGreaterThan(id);
		expect(await refused(voidInvoice(w.scratch.db, clerk, id, 'lần nữa'))).toMatchObject({
			status: 409
		});
	});

	it('refuses to void an invoice with payments: the receipts go first', async () => {
		const id = await issued();
		const [inv] = await w.scratch.sql`select customer_id from invoice where id = ${id}`;
		const [receipt] = await w.scratch
			.sql`insert into receipt (number, customer_id, method, amount_vnd)
			values ('PT-2026-000001', ${inv.customer_id}, 'cash', 100000) returning id`;
		await w.scratch
			.sql`insert into payment (receipt_id, invoice_id, amount_vnd) values (${receipt.id}, ${id}, 100000)`;
		const error = await refused(voidInvoice(w.scratch.db, chief, id, 'Khách khiếu nại'));
		expect(error).toMatchObject({ status: 409, field: 'payments' });
		expect(error.reason).toContain('phiếu thu');
		// Once the receipt is void, the invoice can be voided.
		await w.scratch
			.sql`update receipt set status = 'void', void_reason = 'thu nhầm', voided_at = now()
			where id = ${receipt.id}`;
		await voidInvoice(w.scratch.db, chief, id, 'Khách khiếu nại');
		const [row] = await w.scratch.sql`select status from invoice where id = ${id}`;
		expect(row.status).toBe('cancelled');
	});

	it('adjusts from a corrected consumption with the tariff function, numbered and audited', async () => {
		const id = await issued();
		const input = parseInvoiceInput(adjustSchema, {
			mode: 'consumption',
			consumptionM3: '20',
			reason: 'Ghi nhầm chỉ số mới'
		});
		const adj = await adjustInvoice(w.scratch.db, clerk, id, input);
		// 25 → 20 m³: 264 000 → 184 000 water, VAT 5% and the environmental fee 10% follow.
		expect(adj.diff).toEqual({
			consumptionM3: -5,
			waterVnd: -80_000,
			vatVnd: -4_000,
			envFeeVnd: -8_000,
			drainageVnd: 0,
			drainageVatVnd: 0
		});
		const [row] = await w.scratch.sql`select kind, original_id, status, series, number, total_vnd,
			consumption_m3, reason from invoice where id = ${adj.id}`;
		expect(row).toMatchObject({
			kind: 'adjustment',
			original_id: String(id),
			status: 'issued',
			total_vnd: '-92000',
			consumption_m3: '-5.000',
			reason: 'Ghi nhầm chỉ số mới'
		});
		expect(row.number).toBe(adj.number);
		const detail = await invoiceDetail(w.scratch.db, clerk, id);
		expect(detail.adjustments).toMatchObject([
			{ id: adj.id, totalVnd: -92_000, reason: 'Ghi nhầm chỉ số mới' }
		]);
		expect(detail.audit.at(-1)).toMatchObject({
			action: 'invoice.adjust',
			actorName: 'NV hd.b',
			newValues: { adjustment_id: adj.id, reason: 'Ghi nhầm chỉ số mới', total_vnd: -92_000 }
		});
		// A second correction bills from the bill as it stands (20 m³), not from the original.
		const again = { mode: 'consumption' as const, reason: 'Trả lại chỉ số cũ', consumptionM3: 25 };
		const back = await adjustInvoice(w.scratch.db, clerk, id, again);
		expect(back.diff.waterVnd).toBe(80_000);
		expect(await refused(adjustInvoice(w.scratch.db, clerk, id, again))).toMatchObject({
			status: 409,
			field: 'mode'
		});
		// The original cannot be voided while its adjustments stand.
		expect(await refused(voidInvoice(w.scratch.db, clerk, id, 'Hủy thử'))).toMatchObject({
			field: 'adjustments'
		});
	});

	it('adjusts by hand with signed amounts', async () => {
		const id = await issued();
		const input = parseInvoiceInput(adjustSchema, {
			mode: 'amount',
			reason: 'Giảm trừ theo biên bản',
			waterVnd: '-10000',
			vatVnd: '-500',
			envFeeVnd: '',
			drainageVnd: '',
			drainageVatVnd: ''
		});
		const adj = await adjustInvoice(w.scratch.db, chief, id, input);
		const [row] = await w.scratch
			.sql`select total_vnd, water_amount_vnd from invoice where id = ${adj.id}`;
		expect(row).toEqual({ total_vnd: '-10500', water_amount_vnd: '-10000' });
		expect(() => parseInvoiceInput(adjustSchema, { ...input, waterVnd: '1.5' })).toThrow(
			/số nguyên/
		);
	});

	it('counts reprints', async () => {
		const id = await issued();
		expect(await reprintInvoice(w.scratch.db, clerk, id)).toBe(1);
		expect(await reprintInvoice(w.scratch.db, clerk, id)).toBe(2);
		const detail = await invoiceDetail(w.scratch.db, clerk, id);
		expect(detail.invoice.printCount).toBe(2);
		expect(detail.audit.filter((a) => a.action === 'invoice.reprint')).toHaveLength(2);
	});

	it('looks up by number, series, customer, period, route and status within the scope', async () => {
		const mine = await issued(0);
		const theirs = await issued(1);
		const [m] = await w.scratch.sql`select i.series, i.number, c.code, c.name from invoice i
			join customer c on c.id = i.customer_id where i.id = ${mine}`;
		const find = async (user: SessionUser, query: Record<string, string>) =>
			lookupInvoices(w.scratch.db, user, parseInvoiceInput(lookupSchema, query));
		const byNumber = await find(chief, {
			number: String(m.number),
			series: m.series.toLowerCase()
		});
		expect(byNumber.rows.map((r) => r.id)).toEqual([mine]);
		expect((await find(chief, { customer: m.code })).rows.map((r) => r.id)).toContain(mine);
		const word = m.name.split(' ').at(-1);
		expect((await find(chief, { customer: word })).rows.some((r) => r.id === mine)).toBe(true);
		const scoped = await find(clerk, { period: String(w.lockedPeriod), status: 'issued' });
		expect(scoped.rows.some((r) => r.id === mine)).toBe(true);
		expect(scoped.rows.some((r) => r.id === theirs)).toBe(false);
		expect(scoped.routes.map((r) => r.id)).toEqual([w.routes[0]]);
		expect(scoped.totals.count).toBe(scoped.rows.length);
		expect(scoped.totals.totalVnd).toBe(scoped.rows.reduce((s, r) => s + r.totalVnd, 0));
		expect(await refused(find(clerk, { route: String(w.routes[1]) }))).toMatchObject({
			status: 403
		});
		expect(() => parseInvoiceInput(lookupSchema, { number: '123456789' })).toThrow(/8 chữ số/);
	});

	it('exports an issued invoice as e-invoice XML, a draft not, and a period as a zip', async () => {
		const id = await issued(0);
		const [row] = await w.scratch.sql`select i.number, c.code from invoice i
			join customer c on c.id = i.customer_id where i.id = ${id}`;
		const { xml, fileName } = await invoiceXml(w.scratch.db, clerk, id);
		expect(fileName).toBe(`HD1C26TWL${String(row.number).padStart(8, '0')}.xml`);
		const dom = create(xml).node as unknown as Document;
		const text = (tag: string) => dom.getElementsByTagName(tag)[0]?.textContent;
		expect(text('KHHDon')).toBe('C26TWL');
		expect(text('SHDon')).toBe(String(row.number));
		expect(text('MKHang')).toBe(row.code);
		expect(text('TgTTTBSo')).toBe('303600');
		const draft = await w.draft(await w.freeCustomer(w.routes[0], w.lockedPeriod), w.lockedPeriod);
		expect(await refused(invoiceXml(w.scratch.db, clerk, draft))).toMatchObject({
			status: 409,
			field: 'status'
		});
		const batch = await batchXmlZip(w.scratch.db, clerk, w.lockedPeriod, w.routes[0]);
		expect(batch.count).toBeGreaterThan(0);
		expect(Buffer.from(batch.zip.subarray(0, 2)).toString()).toBe('PK');
	});
});
