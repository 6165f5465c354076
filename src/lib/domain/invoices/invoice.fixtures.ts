/**
 * A plain invoice for the unit tests of the outputs: Hanoi's 25 m³ worked example of
 * tariff.md (water 264 000, VAT 13 200, environmental fee 26 400, total 303 600 VND),
 * quoted by the real tariff function.
 */
import { quote } from '../tariff/quote.ts';
import { hanoi2024 } from '../tariff/tariff.fixtures.ts';
import type { InvoiceDocument } from './document.ts';

export function sampleDocument(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
	const q = quote({
		schedules: [hanoi2024],
		customer: { category: 'SH', households: 1, persons: 4 },
		previousReadingOn: '2024-03-01',
		currentReadingOn: '2024-03-31',
		consumption: 25
	});
	return {
		id: 7,
		kind: 'regular',
		status: 'issued',
		series: '1C26TWL',
		number: 42,
		issuedOn: '2026-04-05',
		dueOn: '2026-04-20',
		printCount: 0,
		seller: {
			name: 'Công ty Cấp nước Waterline',
			taxCode: '0100000000',
			address: 'Hà Nội',
			phone: null,
			bank: null
		},
		buyer: { name: 'Nguyễn Văn Ánh', code: 'KH00000042', address: 'Số 1 Hàng Bông', taxCode: null },
		periodMonth: '2026-03-01',
		fromDate: '2024-03-01',
		toDate: '2024-03-31',
		previousIndex: 100,
		currentIndex: 125,
		consumptionM3: 25,
		lines: q.lines,
		vatRate: 0.05,
		drainageVatRate: 0.1,
		waterVnd: q.water,
		vatVnd: q.vat,
		envFeeVnd: q.envFee,
		drainageVnd: q.drainage,
		drainageVatVnd: q.drainageVat,
		totalVnd: q.total,
		previousDebtVnd: 0,
		reason: null,
		original: null,
		...overrides
	};
}
