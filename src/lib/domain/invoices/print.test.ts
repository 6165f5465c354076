import { describe, expect, it } from 'vitest';
import { sampleDocument } from './invoice.fixtures.ts';
import { DRAFT_MARK, printedInvoice } from './print.ts';

const value = (fields: { label: string; value: string }[], label: string) =>
	fields.find((f) => f.label === label)?.value;

describe('printed invoice', () => {
	it('says what the invoice bills, with the total in words and the amount due', () => {
		const p = printedInvoice(sampleDocument({ previousDebtVnd: 100_000 }));
		expect(p.title).toBe('HÓA ĐƠN GIÁ TRỊ GIA TĂNG (TIỀN NƯỚC)');
		expect(value(p.heading, 'Số')).toBe('00000042');
		expect(value(p.heading, 'Ký hiệu')).toBe('1C26TWL');
		expect(value(p.totals, 'Thuế GTGT 5%')).toBe('13.200 đ');
		expect(value(p.totals, 'Phí bảo vệ môi trường')).toBe('26.400 đ');
		expect(value(p.totals, 'Tổng cộng tiền thanh toán')).toBe('303.600 đ');
		expect(p.totals.some((t) => t.label.startsWith('Phí dịch vụ thoát nước'))).toBe(false);
		expect(p.inWords).toBe('Ba trăm linh ba nghìn sáu trăm đồng');
		expect(value(p.due, 'Tổng phải thanh toán')).toBe('403.600 đ');
		expect(value(p.due, 'Hạn thanh toán')).toBe('20/04/2026');
		expect(p.marks).toEqual([]);
	});

	it('marks drafts, copies and voids', () => {
		expect(
			printedInvoice(sampleDocument({ status: 'draft', series: null, number: null })).marks
		).toEqual([DRAFT_MARK]);
		expect(printedInvoice(sampleDocument({ printCount: 2 })).marks).toEqual([
			'Bản sao (in lại lần 2)'
		]);
		expect(printedInvoice(sampleDocument({ status: 'cancelled' })).marks).toEqual(['ĐÃ HỦY']);
	});

	it('shows drainage when charged and names the invoice an adjustment corrects', () => {
		const p = printedInvoice(
			sampleDocument({
				kind: 'adjustment',
				drainageVnd: 1000,
				drainageVatVnd: 100,
				reason: 'Sai chỉ số',
				original: { series: '1C26TWL', number: 7, issuedOn: '2026-04-01' }
			})
		);
		expect(value(p.totals, 'Thuế GTGT thoát nước 10%')).toBe('100 đ');
		expect(p.subtitle).toBe(
			'Hóa đơn điều chỉnh cho hóa đơn ký hiệu 1C26TWL số 00000007 ngày 01/04/2026 — Sai chỉ số'
		);
	});
});
