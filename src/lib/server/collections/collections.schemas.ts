/**
 * Input schemas at the collections boundary (the reader's JSON API, the cashier's filters)
 * and the area's refusal. Reasons are Vietnamese and name the field: they reach the reader's
 * phone and the cashier's screen as they are.
 */
import * as v from 'valibot';
import { checkAmount, paymentMethods } from '../../domain/collections/collections.ts';
import { areaParser, jsonBody, RequestError } from '../http/refusal.ts';

/** A refusal from the collections area (see RequestError). */
export class CollectionError extends RequestError {}

/** The Vietnamese name of each input field, for "missing" refusals. */
const fieldNames: Record<string, string> = {
	clientKey: 'mã chống gửi trùng',
	customerId: 'mã khách hàng',
	amountVnd: 'số tiền',
	method: 'hình thức thanh toán',
	collectedAt: 'thời điểm thu'
};

/** Parses with a schema; the first issue becomes a 400 CollectionError naming its field. */
export const parseCollectionInput = areaParser(CollectionError, fieldNames);

const uuid = (label: string) =>
	v.pipe(
		v.string(`${label} phải là chuỗi UUID`),
		v.uuid(`${label} phải là UUID (mã chống gửi trùng do máy tạo)`)
	);
const positiveId = (label: string) =>
	v.pipe(
		v.union([v.number(), v.string()], `${label} phải là một số`),
		v.transform(Number),
		v.integer(`${label} phải là số nguyên`),
		v.minValue(1, `${label} phải là số dương`),
		v.maxValue(Number.MAX_SAFE_INTEGER, `${label} quá lớn`)
	);

const amount = v.pipe(
	v.unknown(),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const checked = checkAmount(dataset.value);
		if (checked.ok) return checked.amountVnd;
		addIssue({ message: checked.reason });
		return NEVER;
	})
);

/** One collection at the door, as the field app sends it (online or replayed from its queue). */
export const collectionInputSchema = v.object({
	clientKey: uuid('mã chống gửi trùng (clientKey)'),
	customerId: positiveId('mã khách hàng'),
	amountVnd: amount,
	method: v.picklist(
		paymentMethods,
		'hình thức thanh toán phải là tiền mặt (cash), chuyển khoản (bank_transfer) hoặc QR (qr)'
	),
	collectedAt: v.pipe(
		v.string('thời điểm thu phải là chuỗi ngày giờ ISO'),
		v.isoTimestamp('thời điểm thu phải là ngày giờ ISO 8601'),
		v.transform((s) => new Date(s))
	),
	note: v.optional(
		v.nullable(
			v.pipe(
				v.string('ghi chú phải là chữ'),
				v.trim(),
				v.maxLength(300, 'ghi chú tối đa 300 ký tự')
			)
		)
	)
});
export type CollectionInput = v.InferOutput<typeof collectionInputSchema>;

/** A remittance of all the reader's pending collections, or of the listed ones. */
export const remittanceInputSchema = v.object({
	clientKey: v.optional(uuid('mã chống gửi trùng (clientKey)')),
	collectionIds: v.optional(
		v.pipe(
			v.array(positiveId('mã khoản thu'), 'danh sách khoản thu phải là một mảng'),
			v.minLength(1, 'danh sách khoản thu không được rỗng'),
			v.maxLength(2000, 'một bảng kê tối đa 2.000 khoản thu')
		)
	)
});
export type RemittanceInput = v.InferOutput<typeof remittanceInputSchema>;

const optionalId = (label: string) =>
	v.optional(
		v.pipe(
			v.string(),
			v.transform((s) => (s === '' ? undefined : s)),
			v.optional(
				v.pipe(
					v.string(),
					v.regex(/^\d{1,9}$/, `${label} phải là số`),
					v.transform(Number),
					v.minValue(1, `${label} phải là số dương`)
				)
			)
		)
	);
const optionalDate = (label: string) =>
	v.optional(
		v.pipe(
			v.string(),
			v.transform((s) => (s === '' ? undefined : s)),
			v.optional(v.pipe(v.string(), v.isoDate(`${label} phải có dạng YYYY-MM-DD`)))
		)
	);

/** The cashier's list of provisional collections: filters from the query string. */
export const collectionFilterSchema = v.object({
	period: optionalId('kỳ ghi'),
	route: optionalId('sổ đọc'),
	reader: optionalId('nhân viên ghi'),
	method: v.optional(
		v.pipe(
			v.string(),
			v.transform((s) => (s === '' ? undefined : s)),
			v.optional(v.picklist(paymentMethods, 'hình thức thanh toán không hợp lệ'))
		)
	),
	from: optionalDate('từ ngày'),
	to: optionalDate('đến ngày'),
	page: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^\d{1,6}$/, 'trang phải là số'),
			v.transform(Number),
			v.minValue(1, 'trang bắt đầu từ 1')
		),
		'1'
	)
});
export type CollectionFilter = v.InferOutput<typeof collectionFilterSchema>;

/** Receipts over a range of days (Asia/Ho_Chi_Minh), optionally of one reader. */
export const receiptFilterSchema = v.object({
	from: optionalDate('từ ngày'),
	to: optionalDate('đến ngày'),
	reader: optionalId('nhân viên ghi')
});
export type ReceiptFilter = v.InferOutput<typeof receiptFilterSchema>;

/** The JSON body parsed by the schema; unreadable JSON is a 400 on `body`, in Vietnamese. */
export async function collectionBody<S extends v.GenericSchema>(
	request: Request,
	schema: S
): Promise<v.InferOutput<S>> {
	const body = await jsonBody(request, v.unknown()).catch(() => {
		throw new CollectionError(400, 'body', 'nội dung gửi lên không phải JSON hợp lệ');
	});
	return parseCollectionInput(schema, body);
}
