/**
 * The report filters, read from the query string of the report pages and their exports.
 * Reasons are Vietnamese and name the field; they reach the clerk's screen as they are.
 */
import * as v from 'valibot';
import { parseInput, RequestError } from '../http/refusal.ts';

/** A refusal from the billing reports (see RequestError). */
export class BillingReportError extends RequestError {}

/** An empty form field is the same as no field. */
const blankless = <S extends v.GenericSchema<string, unknown>>(schema: S) =>
	v.optional(
		v.pipe(
			v.string(),
			v.transform((s) => (s.trim() === '' ? undefined : s.trim())),
			v.optional(schema)
		)
	);

const id = (label: string) =>
	blankless(
		v.pipe(
			v.string(),
			v.regex(/^\d{1,9}$/, `${label} phải là số`),
			v.transform(Number),
			v.minValue(1, `${label} phải là số dương`)
		)
	);

const day = (label: string) =>
	blankless(
		v.pipe(
			v.string(),
			v.isoDate(`${label} phải có dạng YYYY-MM-DD`),
			v.check((s) => s >= '2000-01-01' && s <= '2100-12-31', `${label} phải trong 2000–2100`)
		)
	);

export const summaryFilterSchema = v.object({
	period: id('kỳ hóa đơn'),
	route: id('tuyến'),
	// A checkbox: present ('1', 'on', 'true') means drafts count too.
	drafts: v.optional(
		v.pipe(
			v.string(),
			v.picklist(['', '0', '1', 'on', 'true', 'false'], 'kèm hóa đơn nháp phải là có hoặc không'),
			v.transform((s) => s === '1' || s === 'on' || s === 'true')
		),
		''
	)
});
export type SummaryFilter = v.InferOutput<typeof summaryFilterSchema>;

export const ageingFilterSchema = v.object({
	asOf: day('ngày tính nợ'),
	route: id('tuyến')
});
export type AgeingFilter = v.InferOutput<typeof ageingFilterSchema>;

export const receiptsFilterSchema = v.object({
	from: day('từ ngày'),
	to: day('đến ngày'),
	route: id('tuyến')
});
export type ReceiptsFilter = v.InferOutput<typeof receiptsFilterSchema>;

/** Parses a query string; the first issue becomes a 400 naming its field. */
export function parseReportQuery<S extends v.GenericSchema>(
	schema: S,
	params: URLSearchParams
): v.InferOutput<S> {
	try {
		return parseInput(schema, Object.fromEntries(params));
	} catch (err) {
		if (err instanceof RequestError && !(err instanceof BillingReportError))
			throw new BillingReportError(400, err.field, err.reason);
		throw err;
	}
}
