/**
 * Input schemas at the invoices boundary (the lookup's filters, the issue, void and adjust
 * forms) and the area's refusal. Reasons are Vietnamese and name the field: they reach the
 * clerk's screen as they are.
 */
import * as v from 'valibot';
import { isCalendarDate } from '../../domain/invoices/numbering.ts';
import { areaParser, RequestError } from '../http/refusal.ts';

/** A refusal from the invoices area (see RequestError). */
export class InvoiceError extends RequestError {}

const fieldNames: Record<string, string> = {
	periodId: 'kỳ hóa đơn',
	reason: 'lý do',
	mode: 'cách điều chỉnh',
	consumptionM3: 'sản lượng đúng (m³)'
};

/** Parses with a schema; the first issue becomes a 400 InvoiceError naming its field. */
export const parseInvoiceInput = areaParser(InvoiceError, fieldNames);

/** Form fields arrive as strings; an empty one is absent. */
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

const id = (label: string) =>
	v.pipe(
		v.unknown(),
		v.transform(blankToUndefined),
		v.union([v.number(), v.string()], `${label} phải là một số`),
		v.transform(Number),
		v.integer(`${label} phải là số nguyên`),
		v.minValue(1, `${label} phải là số dương`),
		v.maxValue(Number.MAX_SAFE_INTEGER, `${label} quá lớn`)
	);
/** An optional field: absent, empty or blank in a form are all "not given". */
const optional = <S extends v.GenericSchema>(schema: S) =>
	v.optional(v.pipe(v.unknown(), v.transform(blankToUndefined), v.optional(schema)));

const day = (label: string) =>
	v.pipe(
		v.string(`${label} phải là ngày YYYY-MM-DD`),
		v.check(isCalendarDate, `${label} phải là một ngày có thật (YYYY-MM-DD)`)
	);

export const invoiceStatuses = ['draft', 'issued', 'paid', 'cancelled'] as const;

/** The lookup's filters (query string); page is the 1-based page of 50. */
export const lookupSchema = v.object({
	number: optional(
		v.pipe(v.string(), v.regex(/^\d{1,8}$/, 'số hóa đơn là tối đa 8 chữ số'), v.transform(Number))
	),
	series: optional(
		v.pipe(
			v.string(),
			v.transform((s) => s.trim().toUpperCase()),
			v.regex(/^\d[A-Z]\d{2}[A-Z]{3}$/, 'ký hiệu có dạng 1C26TWL')
		)
	),
	customer: optional(v.pipe(v.string(), v.trim(), v.maxLength(100, 'tối đa 100 ký tự'))),
	period: optional(id('kỳ')),
	route: optional(id('tuyến')),
	status: optional(v.picklist(invoiceStatuses, 'trạng thái không hợp lệ')),
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
export type LookupFilter = v.InferOutput<typeof lookupSchema>;

/** Bulk issue: every issuable draft of a period, optionally of one route. */
export const bulkIssueSchema = v.object({
	periodId: id('kỳ'),
	routeId: optional(id('tuyến')),
	issuedOn: optional(day('ngày phát hành'))
});
export type BulkIssueInput = v.InferOutput<typeof bulkIssueSchema>;

const reason = v.pipe(
	v.string('lý do phải là chữ'),
	v.trim(),
	v.minLength(3, 'lý do cần ít nhất 3 ký tự'),
	v.maxLength(500, 'lý do tối đa 500 ký tự')
);
export const voidSchema = v.object({ reason });

const signedVnd = (label: string) =>
	v.pipe(
		v.unknown(),
		v.transform((x) => (x === '' || x === undefined || x === null ? 0 : x)),
		v.union([v.number(), v.string()], `${label} phải là số`),
		v.transform(Number),
		v.integer(`${label} phải là số nguyên (đồng)`),
		v.minValue(-10_000_000_000, `${label} quá nhỏ`),
		v.maxValue(10_000_000_000, `${label} quá lớn`)
	);

/**
 * An adjustment: from a corrected consumption (m³, re-quoted with the price decisions of the
 * billed days) or a manual correction of the amounts (signed VND).
 */
export const adjustSchema = v.variant(
	'mode',
	[
		v.object({
			mode: v.literal('consumption'),
			reason,
			consumptionM3: v.pipe(
				v.union([v.number(), v.string()], 'sản lượng phải là số'),
				v.transform(Number),
				v.finite('sản lượng phải là số'),
				v.minValue(0, 'sản lượng không được âm'),
				v.maxValue(1_000_000, 'sản lượng quá lớn'),
				v.check((x) => Math.round(x * 1000) === x * 1000, 'sản lượng có tối đa 3 chữ số thập phân')
			)
		}),
		v.object({
			mode: v.literal('amount'),
			reason,
			waterVnd: signedVnd('tiền nước'),
			vatVnd: signedVnd('thuế GTGT'),
			envFeeVnd: signedVnd('phí BVMT'),
			drainageVnd: signedVnd('phí thoát nước'),
			drainageVatVnd: signedVnd('thuế GTGT thoát nước')
		})
	],
	'cách điều chỉnh phải là consumption hoặc amount'
);
export type AdjustInput = v.InferOutput<typeof adjustSchema>;
