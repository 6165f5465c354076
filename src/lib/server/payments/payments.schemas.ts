/**
 * Input schemas at the payments boundary (the record form, the receipt filters, voiding, the
 * bank review) and the area's refusal. Reasons are Vietnamese and name the field.
 */
import * as v from 'valibot';
import { RequestError, parseInput } from '../http/refusal.ts';

/** A refusal from the payments area (see RequestError). */
export class PaymentError extends RequestError {}

/** Parses with a schema; the first issue becomes a 400 PaymentError naming its field. */
export function parsePaymentInput<S extends v.GenericSchema>(
	schema: S,
	input: unknown
): v.InferOutput<S> {
	try {
		return parseInput(schema, input);
	} catch (err) {
		if (err instanceof RequestError && !(err instanceof PaymentError))
			throw new PaymentError(
				err.status,
				err.field,
				err.reason === 'required' ? 'bắt buộc' : err.reason
			);
		throw err;
	}
}

const id = (label: string) =>
	v.pipe(
		v.union([v.number(), v.string()], `${label} phải là một số`),
		v.transform(Number),
		v.integer(`${label} phải là số nguyên`),
		v.minValue(1, `${label} phải là số dương`),
		v.maxValue(2_147_483_647, `${label} quá lớn`)
	);
const isoDay = (label: string) =>
	v.pipe(v.string(`${label} phải là ngày`), v.isoDate(`${label} phải là ngày YYYY-MM-DD`));
const optionalText = (label: string, max: number) =>
	v.optional(
		v.pipe(
			v.string(`${label} phải là chữ`),
			v.trim(),
			v.maxLength(max, `${label} dài quá ${max} ký tự`),
			v.transform((s) => (s === '' ? null : s))
		),
		''
	);

/** Methods a cashier records at the counter (reader collections and auto-debit come from elsewhere). */
export const counterMethods = ['cash', 'bank_transfer', 'qr'] as const;
export type CounterMethod = (typeof counterMethods)[number];

export const recordSchema = v.object({
	clientKey: v.pipe(
		v.string('mã chống gửi trùng phải là chuỗi'),
		v.uuid('mã chống gửi trùng phải là UUID')
	),
	periodId: id('kỳ'),
	routeId: id('tuyến'),
	method: v.picklist(counterMethods, 'hình thức thanh toán phải là tiền mặt, chuyển khoản hoặc QR'),
	receivedOn: isoDay('ngày thu'),
	reference: optionalText('số tham chiếu', 120),
	rows: v.pipe(
		v.array(
			v.object({
				customerId: id('khách hàng'),
				full: v.boolean(),
				// Checked per row by the service, whose refusal names the customer code.
				amount: v.optional(v.string(), '')
			})
		),
		v.minLength(1, 'chưa chọn khách hàng nào: đánh dấu "đã thu đủ" hoặc nhập số tiền')
	)
});
export type RecordInput = v.InferOutput<typeof recordSchema>;

export const routePageSchema = v.object({
	period: v.optional(id('kỳ')),
	route: v.optional(id('tuyến'))
});

export const receiptFilterSchema = v.object({
	from: v.optional(isoDay('từ ngày')),
	to: v.optional(isoDay('đến ngày')),
	method: v.optional(
		v.union([
			v.literal(''),
			v.picklist(['cash', 'reader_collection', 'bank_transfer', 'qr', 'auto_debit'])
		]),
		''
	),
	cashier: v.optional(v.union([v.literal(''), id('thu ngân')]), ''),
	customer: optionalText('khách hàng', 60)
});
export type ReceiptFilterInput = v.InferOutput<typeof receiptFilterSchema>;

export const voidSchema = v.object({
	reason: v.pipe(
		v.string('lý do hủy phải là chữ'),
		v.trim(),
		v.minLength(3, 'lý do hủy phải có ít nhất 3 ký tự'),
		v.maxLength(500, 'lý do hủy dài quá 500 ký tự')
	)
});

export const reviewSchema = v.variant('action', [
	v.object({
		action: v.literal('assign'),
		customerCode: v.pipe(
			v.string('mã khách hàng phải là chữ'),
			v.trim(),
			v.toUpperCase(),
			v.transform((s) => s.replace(/\s/g, '')),
			v.regex(/^KH\d{8}$/, 'mã khách hàng phải có dạng KH và 8 chữ số')
		)
	}),
	v.object({
		action: v.literal('ignore'),
		note: v.pipe(
			v.string('ghi chú phải là chữ'),
			v.trim(),
			v.minLength(3, 'ghi chú bỏ qua phải có ít nhất 3 ký tự'),
			v.maxLength(500, 'ghi chú dài quá 500 ký tự')
		)
	})
]);
export type ReviewInput = v.InferOutput<typeof reviewSchema>;
