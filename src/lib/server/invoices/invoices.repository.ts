/**
 * SQL for one invoice and its neighbours: its head (customer, period, route), the billing
 * settings, voids, adjustments and reprints, its payments, adjustments and audit trail.
 * Plain functions taking db or trx first. int8 (VND, ids) and numeric (m³) arrive as strings
 * and are read back as numbers: one utility's amounts stay far below 2^53.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export async function billingSettings(db: Db) {
	return db.selectFrom('billing_settings').selectAll().executeTakeFirstOrThrow();
}

export async function periodById(db: Db, id: number) {
	return db
		.selectFrom('reading_period')
		.select(['id', 'period_month as periodMonth', 'status'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export interface InvoiceHead {
	id: number;
	kind: 'regular' | 'adjustment';
	status: string;
	trial: boolean;
	originalId: number | null;
	series: string | null;
	invoiceYear: number | null;
	number: number | null;
	issuedOn: string | null;
	dueOn: string | null;
	customerId: number;
	customerCode: string;
	customerName: string;
	customerAddress: string;
	customerTaxCode: string | null;
	customerKind: string;
	periodId: number;
	periodMonth: string;
	periodStatus: string;
	routeId: number | null;
	routeCode: string | null;
	routeName: string | null;
	categoryCode: string | null;
	households: number | null;
	persons: number | null;
	fromDate: string | null;
	toDate: string | null;
	previousIndex: number | null;
	currentIndex: number | null;
	consumptionM3: number;
	creditM3: number;
	backBilledM3: number;
	waterVnd: number;
	vatVnd: number;
	envFeeVnd: number;
	drainageVnd: number;
	drainageVatVnd: number;
	totalVnd: number;
	previousDebtVnd: number;
	paidVnd: number;
	lines: unknown;
	scheduleIds: number[];
	reason: string | null;
	printCount: number;
	voidedAt: Date | null;
	voidedByName: string | null;
	issuedByName: string | null;
}

const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));

/** The invoice with its customer, period and route; `lock` takes a row lock on the invoice. */
export async function invoiceHead(
	db: Db,
	id: number,
	lock = false
): Promise<InvoiceHead | undefined> {
	const { rows } = await sql<Record<string, unknown>>`
		select i.*, c.code as customer_code, c.name as customer_name, c.address as customer_address,
			c.tax_or_id_number as customer_tax_code, c.kind as customer_kind,
			p.period_month, p.status as period_status, r.code as route_code, r.name as route_name,
			vb.full_name as voided_by_name, ib.full_name as issued_by_name
		from invoice i
		join customer c on c.id = i.customer_id
		join reading_period p on p.id = i.period_id
		left join route r on r.id = i.route_id
		left join staff vb on vb.id = i.voided_by
		left join staff ib on ib.id = i.issued_by
		where i.id = ${id}
		${lock ? sql`for update of i` : sql``}`.execute(db);
	const r = rows[0];
	if (!r) return undefined;
	return {
		id: Number(r.id),
		kind: r.kind as InvoiceHead['kind'],
		status: r.status as string,
		trial: r.trial as boolean,
		originalId: num(r.original_id),
		series: r.series as string | null,
		invoiceYear: r.invoice_year as number | null,
		number: r.number as number | null,
		issuedOn: r.issued_on as string | null,
		dueOn: r.due_on as string | null,
		customerId: r.customer_id as number,
		customerCode: r.customer_code as string,
		customerName: r.customer_name as string,
		customerAddress: r.customer_address as string,
		customerTaxCode: r.customer_tax_code as string | null,
		customerKind: r.customer_kind as string,
		periodId: r.period_id as number,
		periodMonth: r.period_month as string,
		periodStatus: r.period_status as string,
		routeId: r.route_id as number | null,
		routeCode: r.route_code as string | null,
		routeName: r.route_name as string | null,
		categoryCode: r.category_code as string | null,
		households: r.households as number | null,
		persons: r.persons as number | null,
		fromDate: r.from_date as string | null,
		toDate: r.to_date as string | null,
		previousIndex: num(r.previous_index),
		currentIndex: num(r.current_index),
		consumptionM3: Number(r.consumption_m3),
		creditM3: Number(r.credit_m3),
		backBilledM3: Number(r.back_billed_m3),
		waterVnd: Number(r.water_amount_vnd),
		vatVnd: Number(r.vat_vnd),
		envFeeVnd: Number(r.env_fee_vnd),
		drainageVnd: Number(r.drainage_vnd),
		drainageVatVnd: Number(r.drainage_vat_vnd),
		totalVnd: Number(r.total_vnd),
		previousDebtVnd: Number(r.previous_debt_vnd),
		paidVnd: Number(r.paid_vnd),
		lines: r.lines,
		scheduleIds: (r.schedule_ids as number[]) ?? [],
		reason: r.reason as string | null,
		printCount: r.print_count as number,
		voidedAt: r.voided_at as Date | null,
		voidedByName: r.voided_by_name as string | null,
		issuedByName: r.issued_by_name as string | null
	};
}

/** Payments on the invoice through receipts that are not void, VND. */
export async function validPaymentsVnd(db: Db, invoiceId: number): Promise<number> {
	const { rows } = await sql<{ total: string }>`
		select coalesce(sum(p.amount_vnd), 0) as total from payment p
		join receipt r on r.id = p.receipt_id
		where p.invoice_id = ${invoiceId} and r.status = 'valid'`.execute(db);
	return Number(rows[0].total);
}

export async function voidInvoice(db: Db, id: number, actorId: number): Promise<void> {
	await db
		.updateTable('invoice')
		.set({ status: 'cancelled', voided_by: actorId, voided_at: sql`now()`, updated_at: sql`now()` })
		.where('id', '=', String(id))
		.execute();
}

export interface AdjustmentWrite {
	original: InvoiceHead;
	consumptionM3: number;
	waterVnd: number;
	vatVnd: number;
	envFeeVnd: number;
	drainageVnd: number;
	drainageVatVnd: number;
	reason: string;
	scheduleIds: number[];
}

/** A draft adjustment of the original (same customer, period and route); issued right after. */
export async function insertAdjustment(db: Db, w: AdjustmentWrite): Promise<number> {
	const o = w.original;
	const { id } = await db
		.insertInto('invoice')
		.values({
			kind: 'adjustment',
			original_id: String(o.id),
			customer_id: o.customerId,
			period_id: o.periodId,
			route_id: o.routeId,
			category_code: o.categoryCode,
			households: o.households,
			persons: o.persons,
			from_date: o.fromDate,
			to_date: o.toDate,
			consumption_m3: String(w.consumptionM3),
			water_amount_vnd: String(w.waterVnd),
			vat_vnd: String(w.vatVnd),
			env_fee_vnd: String(w.envFeeVnd),
			drainage_vnd: String(w.drainageVnd),
			drainage_vat_vnd: String(w.drainageVatVnd),
			total_vnd: String(w.waterVnd + w.vatVnd + w.envFeeVnd + w.drainageVnd + w.drainageVatVnd),
			schedule_ids: w.scheduleIds,
			reason: w.reason,
			status: 'draft'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(id);
}

export async function bumpPrintCount(db: Db, id: number): Promise<number> {
	const row = await db
		.updateTable('invoice')
		.set({ print_count: sql`print_count + 1` })
		.where('id', '=', String(id))
		.returning('print_count')
		.executeTakeFirstOrThrow();
	return row.print_count;
}

/** Adjustments of an invoice, oldest first. */
export async function adjustmentsOf(db: Db, originalId: number) {
	const rows = await db
		.selectFrom('invoice')
		.select(['id', 'series', 'number', 'issued_on as issuedOn', 'status', 'reason'])
		.select([
			'consumption_m3 as consumptionM3',
			'water_amount_vnd as waterVnd',
			'total_vnd as totalVnd'
		])
		.where('original_id', '=', String(originalId))
		.orderBy('id')
		.execute();
	return rows.map((r) => ({
		...r,
		id: Number(r.id),
		consumptionM3: Number(r.consumptionM3),
		waterVnd: Number(r.waterVnd),
		totalVnd: Number(r.totalVnd)
	}));
}

export async function paymentsOf(db: Db, invoiceId: number) {
	const rows = await db
		.selectFrom('payment as p')
		.innerJoin('receipt as r', 'r.id', 'p.receipt_id')
		.select(['p.id', 'r.number', 'r.method', 'r.received_at as receivedAt', 'r.status'])
		.select('p.amount_vnd as amountVnd')
		.where('p.invoice_id', '=', String(invoiceId))
		.orderBy('r.received_at')
		.execute();
	return rows.map((r) => ({ ...r, id: Number(r.id), amountVnd: Number(r.amountVnd) }));
}

export async function auditOf(db: Db, invoiceId: number) {
	const rows = await db
		.selectFrom('audit_log as a')
		.leftJoin('staff as s', 's.id', 'a.actor_id')
		.select(['a.id', 'a.at', 'a.action', 'a.new_values as newValues', 's.full_name as actorName'])
		.where('a.entity', '=', 'invoice')
		.where('a.entity_id', '=', String(invoiceId))
		.orderBy('a.at')
		.orderBy('a.id')
		.execute();
	return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** VAT rates of the schedule in force at the end of the billed days (the last one used). */
export async function closingRates(db: Db, scheduleIds: number[]) {
	if (scheduleIds.length === 0) return undefined;
	return db
		.selectFrom('tariff_schedule')
		.select(['vat_rate as vatRate', 'charges'])
		.where('id', 'in', scheduleIds)
		.orderBy('effective_from', 'desc')
		.limit(1)
		.executeTakeFirst();
}
