// Voiding, credit application and reader-collection settlement tests, run inside payments.test.ts (they share its
// seeded scratch database).
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { confirmRemittance } from '../../src/lib/server/collections/cashier.service.ts';
import {
	collectionInputSchema,
	parseCollectionInput
} from '../../src/lib/server/collections/collections.schemas.ts';
import {
	recordCollection,
	submitRemittance
} from '../../src/lib/server/collections/collections.service.ts';
import type { RecordInput } from '../../src/lib/server/payments/payments.schemas.ts';
import {
	pendingCollections,
	settleCollections
} from '../../src/lib/server/payments/reader.service.ts';
import { receiptDetail, voidReceipt } from '../../src/lib/server/payments/receipts.service.ts';
import { customerBalances } from '../../src/lib/server/payments/ledger.repository.ts';
import { applyRouteCredits, recordPayments } from '../../src/lib/server/payments/record.service.ts';
import type { Context } from './payments-bank.ts';

interface SettleContext extends Context {
	submission: (
		routeId: number,
		rows: { customerId: number; full?: boolean; amount?: string }[],
		extra?: Record<string, unknown>
	) => RecordInput;
	clock: { now: Date };
}

export function voidAndSettleTests(context: () => SettleContext) {
	it('voids a receipt: the invoice owes again and the receipt is void once', async () => {
		const {
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
		} = context();
		const list = await customersOf(routes[1]);
		const h = list[2];
		const ih = await issue(h.id, periods.current, 110_000);
		const done = await recordPayments(
			scratch.db,
			users.cashier,
			submission(routes[1], [{ customerId: h.id, full: true }]),
			clock
		);
		expect(await invoice(ih)).toEqual({ paid: 110_000, status: 'paid' });
		const id = done.receipts[0].id;
		const voided = await voidReceipt(scratch.db, users.cashier, id, 'thu nhầm khách hàng');
		expect(voided).toMatchObject({ status: 'void', voidReason: 'thu nhầm khách hàng' });
		expect(await invoice(ih)).toEqual({ paid: 0, status: 'issued' });
		expect((await refused(voidReceipt(scratch.db, users.cashier, id, 'lần hai'))).status).toBe(409);
		expect((await refused(voidReceipt(scratch.db, users.clerk, id, 'ngoài tuyến'))).status).toBe(
			404
		);
		const detail = await receiptDetail(scratch.db, users.cashier, id);
		expect(detail.payments).toEqual([
			expect.objectContaining({ invoiceId: ih, amountVnd: 110_000 })
		]);
		const [{ audits }] = await scratch.sql<{ audits: number }[]>`
			select count(*)::int as audits from audit_log where entity = 'receipt'
				and entity_id = ${String(id)} and action = 'receipt.void'`;
		expect(audits).toBe(1);
	});

	it('settles a confirmed remittance once, and keeps a collection without invoice pending', async () => {
		const { scratch, users, issue, invoice, periods, routes, customersOf } = context();
		const [p, q] = await customersOf(routes[2]);
		const ip = await issue(p.id, periods.current, 95_000);
		const collect = (customerId: number, amountVnd: number) =>
			recordCollection(
				scratch.db,
				users.reader,
				parseCollectionInput(collectionInputSchema, {
					clientKey: randomUUID(),
					customerId,
					amountVnd,
					method: 'cash',
					collectedAt: new Date().toISOString()
				})
			);
		const cp = await collect(p.id, 95_000);
		const cq = await collect(q.id, 40_000);
		const list = await submitRemittance(scratch.db, users.reader, {});
		await confirmRemittance(scratch.db, users.cashier, list.remittance.id);
		const f = { remittanceId: list.remittance.id };
		const [one, two] = await Promise.all([
			settleCollections(scratch.db, users.cashier, f),
			settleCollections(scratch.db, users.cashier, f)
		]);
		const settled = [...one.settled, ...two.settled];
		expect(settled.map((s) => s.collectionId)).toEqual([cp.collection.id]);
		expect(one.pending.map((c) => [c.id, c.reason])).toEqual([
			[cq.collection.id, expect.stringContaining('chưa có hóa đơn')]
		]);
		expect(await invoice(ip)).toEqual({ paid: 95_000, status: 'paid' });
		const [r] = await scratch.sql<{ method: string; n: number }[]>`
			select method, count(*) over ()::int as n from receipt
			where provisional_collection_id = ${cp.collection.id}`;
		expect(r).toEqual({ method: 'reader_collection', n: 1 });
		const later = await settleCollections(scratch.db, users.cashier, f);
		expect(later.settled).toEqual([]);
		// The invoice arrives: the pending collection is settled then.
		await issue(q.id, periods.current, 40_000);
		expect((await pendingCollections(scratch.db, users.cashier, f))[0].reason).toBeNull();
		expect((await settleCollections(scratch.db, users.cashier, f)).settled).toHaveLength(1);
	});

	it('applies a customer credit to an invoice issued after the overpayment', async () => {
		const { scratch, users, issue, invoice, periods, routes, customersOf, submission, clock } =
			context();
		const k = (await customersOf(routes[1]))[3];
		await issue(k.id, periods.current, 50_000);
		await recordPayments(
			scratch.db,
			users.cashier,
			submission(routes[1], [{ customerId: k.id, amount: '80.000' }]),
			clock
		);
		const late = await issue(k.id, periods.older, 20_000);
		expect(await invoice(late)).toEqual({ paid: 0, status: 'issued' });
		const applied = await applyRouteCredits(scratch.db, users.cashier, periods.current, routes[1]);
		expect(applied).toEqual({ customers: 1, appliedVnd: 20_000 });
		expect(await invoice(late)).toEqual({ paid: 20_000, status: 'paid' });
		expect((await customerBalances(scratch.db, [k.id])).get(k.id)).toMatchObject({
			creditVnd: 10_000,
			balanceVnd: -10_000
		});
		expect(await applyRouteCredits(scratch.db, users.cashier, periods.current, routes[1])).toEqual({
			customers: 0,
			appliedVnd: 0
		});
	});
}
