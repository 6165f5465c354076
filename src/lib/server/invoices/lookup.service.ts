/**
 * The read side of invoices: the lookup (scoped to the clerk's routes), one invoice's detail
 * (customer, period, indexes, the quote's lines, amounts, payments, adjustments, audit) and
 * the plain document the print view, the PDF and the e-invoice XML are made from.
 */
import type { InvoiceDocument, StoredLine } from '../../domain/invoices/document.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { inScope } from './issue.service.ts';
import * as repo from './invoices.repository.ts';
import { InvoiceError, type LookupFilter } from './invoices.schemas.ts';
import * as lookup from './lookup.repository.ts';

export async function lookupInvoices(db: Database, user: SessionUser, filter: LookupFilter) {
	if (filter.route !== undefined && !inScope(user, filter.route))
		throw new InvoiceError(403, 'route', `tuyến ${filter.route} không thuộc phạm vi của bạn`);
	const [page, totals, choices] = await Promise.all([
		lookup.listInvoices(db, filter, user.routeIds),
		lookup.lookupTotals(db, filter, user.routeIds),
		lookup.filterChoices(db, user.routeIds)
	]);
	return { ...page, totals, ...choices, pageSize: lookup.PAGE_SIZE };
}

/** The invoice when the clerk may see it; a 404 naming it otherwise. */
export async function visibleInvoice(db: Database, user: SessionUser, id: number) {
	const head = await repo.invoiceHead(db, id);
	if (!head || !inScope(user, head.routeId))
		throw new InvoiceError(404, 'id', `không tìm thấy hóa đơn ${id} trong tuyến của bạn`);
	return head;
}

export async function invoiceDetail(db: Database, user: SessionUser, id: number) {
	const head = await visibleInvoice(db, user, id);
	const [payments, adjustments, audit, original] = await Promise.all([
		repo.paymentsOf(db, id),
		repo.adjustmentsOf(db, id),
		repo.auditOf(db, id),
		head.originalId === null ? undefined : repo.invoiceHead(db, head.originalId)
	]);
	const { lines, ...rest } = head;
	return {
		invoice: { ...rest, lines: (lines ?? []) as StoredLine[] },
		payments,
		adjustments,
		audit,
		original: original
			? {
					id: original.id,
					series: original.series,
					number: original.number,
					issuedOn: original.issuedOn
				}
			: null
	};
}

type Charge = { type: string; vatRate?: number };

/** The document of an invoice: seller from the billing settings, rates from its schedule. */
export async function invoiceDocument(
	db: Database,
	user: SessionUser,
	id: number
): Promise<InvoiceDocument> {
	const h = await visibleInvoice(db, user, id);
	const [settings, rates, original] = await Promise.all([
		repo.billingSettings(db),
		repo.closingRates(db, h.scheduleIds),
		h.originalId === null ? undefined : repo.invoiceHead(db, h.originalId)
	]);
	const drainage = ((rates?.charges ?? []) as Charge[]).find((c) => c.type === 'drainage');
	return {
		id: h.id,
		kind: h.kind,
		status: h.status,
		series: h.series,
		number: h.number,
		issuedOn: h.issuedOn,
		dueOn: h.dueOn,
		printCount: h.printCount,
		seller: {
			name: settings.seller_name,
			taxCode: settings.seller_tax_code,
			address: settings.seller_address,
			phone: settings.seller_phone,
			bank: settings.seller_bank_account
		},
		buyer: {
			name: h.customerName,
			code: h.customerCode,
			address: h.customerAddress,
			taxCode: h.customerTaxCode
		},
		periodMonth: h.periodMonth,
		fromDate: h.fromDate,
		toDate: h.toDate,
		previousIndex: h.previousIndex,
		currentIndex: h.currentIndex,
		consumptionM3: h.consumptionM3,
		lines: (h.lines ?? []) as StoredLine[],
		// 5% on water is the law's rate; a schedule on file says which applied.
		vatRate: rates ? Number(rates.vatRate) : 0.05,
		drainageVatRate: drainage?.vatRate ?? 0.1,
		waterVnd: h.waterVnd,
		vatVnd: h.vatVnd,
		envFeeVnd: h.envFeeVnd,
		drainageVnd: h.drainageVnd,
		drainageVatVnd: h.drainageVatVnd,
		totalVnd: h.totalVnd,
		previousDebtVnd: h.previousDebtVnd,
		reason: h.reason,
		original:
			original && original.series && original.number && original.issuedOn
				? { series: original.series, number: original.number, issuedOn: original.issuedOn }
				: null
	};
}
