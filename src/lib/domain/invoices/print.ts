/**
 * The printed invoice's content, shared by the HTML print view and the PDF so both say the
 * same thing: title, marks (draft, copy, cancelled), the fields, the item lines and the
 * totals with the amount in words. A legal document: it is printed in Vietnamese whatever
 * the screen's language. Amounts are integer VND.
 */
import {
	amountDue,
	amountInWords,
	itemLines,
	ratePercent,
	type InvoiceDocument,
	type ItemLine
} from './document.ts';
import { formatInvoiceNumber } from './numbering.ts';

export const INVOICE_TITLE = 'HÓA ĐƠN GIÁ TRỊ GIA TĂNG (TIỀN NƯỚC)';
export const DRAFT_MARK = 'BẢN NHÁP — CHƯA PHÁT HÀNH';

export interface PrintField {
	label: string;
	value: string;
}

export interface PrintedInvoice {
	title: string;
	/** 'Hóa đơn điều chỉnh …' under the title of an adjustment. */
	subtitle: string | null;
	marks: string[];
	heading: PrintField[];
	seller: PrintField[];
	buyer: PrintField[];
	reading: PrintField[];
	items: ItemLine[];
	totals: PrintField[];
	/** The total in words, then what is owed with the previous debt. */
	inWords: string;
	due: PrintField[];
}

const vnd = new Intl.NumberFormat('vi-VN');
const m3 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 });
export const money = (n: number) => `${vnd.format(n)} đ`;
export const volume = (n: number) => `${m3.format(n)} m³`;
export const plainNumber = (n: number) => vnd.format(n);
export const day = (d: string | null) => (d ? d.split('-').reverse().join('/') : '—');
const month = (periodMonth: string) => periodMonth.slice(0, 7).split('-').reverse().join('/');

export function printedInvoice(doc: InvoiceDocument): PrintedInvoice {
	const marks: string[] = [];
	if (doc.status === 'draft') marks.push(DRAFT_MARK);
	if (doc.status === 'cancelled') marks.push('ĐÃ HỦY');
	if (doc.status !== 'draft' && doc.printCount > 0)
		marks.push(`Bản sao (in lại lần ${doc.printCount})`);
	const totals: PrintField[] = [
		{ label: 'Cộng tiền nước', value: money(doc.waterVnd) },
		{ label: `Thuế GTGT ${ratePercent(doc.vatRate)}`, value: money(doc.vatVnd) }
	];
	if (doc.envFeeVnd !== 0)
		totals.push({ label: 'Phí bảo vệ môi trường', value: money(doc.envFeeVnd) });
	if (doc.drainageVnd !== 0 || doc.drainageVatVnd !== 0)
		totals.push(
			{ label: 'Phí dịch vụ thoát nước', value: money(doc.drainageVnd) },
			{
				label: `Thuế GTGT thoát nước ${ratePercent(doc.drainageVatRate)}`,
				value: money(doc.drainageVatVnd)
			}
		);
	totals.push({ label: 'Tổng cộng tiền thanh toán', value: money(doc.totalVnd) });
	const o = doc.original;
	return {
		title: INVOICE_TITLE,
		subtitle:
			doc.kind === 'adjustment' && o
				? `Hóa đơn điều chỉnh cho hóa đơn ký hiệu ${o.series} số ${formatInvoiceNumber(o.number)} ngày ${day(o.issuedOn)}${doc.reason ? ` — ${doc.reason}` : ''}`
				: null,
		marks,
		heading: [
			{ label: 'Ký hiệu', value: doc.series ?? '—' },
			{ label: 'Số', value: doc.number === null ? '—' : formatInvoiceNumber(doc.number) },
			{ label: 'Ngày', value: day(doc.issuedOn) }
		],
		seller: [
			{ label: 'Đơn vị bán hàng', value: doc.seller.name },
			{ label: 'Mã số thuế', value: doc.seller.taxCode },
			{ label: 'Địa chỉ', value: doc.seller.address },
			...(doc.seller.phone ? [{ label: 'Điện thoại', value: doc.seller.phone }] : []),
			...(doc.seller.bank ? [{ label: 'Số tài khoản', value: doc.seller.bank }] : [])
		],
		buyer: [
			{ label: 'Tên khách hàng', value: doc.buyer.name },
			{ label: 'Mã khách hàng', value: doc.buyer.code },
			{ label: 'Địa chỉ', value: doc.buyer.address },
			...(doc.buyer.taxCode ? [{ label: 'Mã số thuế', value: doc.buyer.taxCode }] : [])
		],
		reading: [
			{
				label: 'Kỳ hóa đơn',
				value: `${month(doc.periodMonth)} (${day(doc.fromDate)} – ${day(doc.toDate)})`
			},
			{
				label: 'Chỉ số cũ',
				value: doc.previousIndex === null ? '—' : m3.format(doc.previousIndex)
			},
			{ label: 'Chỉ số mới', value: doc.currentIndex === null ? '—' : m3.format(doc.currentIndex) },
			{ label: 'Tiêu thụ', value: volume(doc.consumptionM3) }
		],
		items: itemLines(doc),
		totals,
		inWords: amountInWords(doc.totalVnd),
		due: [
			{ label: 'Nợ kỳ trước', value: money(doc.previousDebtVnd) },
			{ label: 'Tổng phải thanh toán', value: money(amountDue(doc)) },
			{ label: 'Hạn thanh toán', value: day(doc.dueOn) }
		]
	};
}
