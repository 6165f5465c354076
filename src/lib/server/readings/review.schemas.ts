/** Input schemas of the review list and its actions (forms and query strings). */
import * as v from 'valibot';
import { anomalyFlags } from '../../domain/readings/anomalies.ts';
import { idSchema } from '../http/refusal.ts';

const emptyToUndefined = (s: unknown) => (typeof s === 'string' && s.trim() === '' ? undefined : s);
// A key absent from the query or sent empty by a form's "all" option: not given.
const optionalId = v.optional(
	v.pipe(v.unknown(), v.transform(emptyToUndefined), v.optional(idSchema))
);

export const reviewListSchema = v.object({
	period: optionalId,
	/** 'flagged' waits for a clerk; 'reviewed' is accepted, corrected or re-read. */
	tab: v.optional(v.picklist(['flagged', 'reviewed'], 'phải là flagged hoặc reviewed'), 'flagged'),
	flag: v.optional(
		v.pipe(
			v.unknown(),
			v.transform(emptyToUndefined),
			v.optional(v.picklist(anomalyFlags, 'không phải mã cảnh báo'))
		)
	),
	route: optionalId,
	reader: optionalId,
	page: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^\d{1,6}$/, 'phải là số trang'),
			v.transform(Number),
			v.minValue(1, 'phải từ 1')
		),
		'1'
	)
});
export type ReviewListInput = v.InferOutput<typeof reviewListSchema>;

/** Why a change was made: reading_correction.reason and back_billing.reason (3–500 chars). */
const reason = v.pipe(
	v.string('bắt buộc nhập lý do'),
	v.trim(),
	v.minLength(3, 'bắt buộc nhập lý do (ít nhất 3 ký tự)'),
	v.maxLength(500, 'tối đa 500 ký tự')
);
/** An index as typed ('1234,5'); the dial check is the domain's (parseIndex). */
const optionalIndex = v.pipe(
	v.optional(v.string()),
	v.transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
);

export const acceptSchema = v.object({
	note: v.pipe(
		v.optional(v.string()),
		v.transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim())),
		v.optional(
			v.pipe(v.string(), v.minLength(3, 'ít nhất 3 ký tự'), v.maxLength(500, 'tối đa 500 ký tự'))
		)
	)
});

export const correctSchema = v.object({
	currentIndex: optionalIndex,
	previousIndex: optionalIndex,
	reason
});
export type CorrectInput = v.InferOutput<typeof correctSchema>;

export const estimateSchema = v.object({ reason });

/** Ordering a re-read or an inspection takes nothing but the reading (in the path). */
export const orderSchema = v.object({});

export const applyReReadSchema = v.object({ orderId: idSchema });

export const backBillingSchema = v.object({
	// m³ with at most 3 decimals, a decimal comma allowed; at most 1,000,000 m³.
	volumeM3: v.pipe(
		v.string('bắt buộc nhập số m³'),
		v.trim(),
		v.regex(/^\d{1,7}([.,]\d{1,3})?$/, 'phải là số m³, tối đa 3 chữ số thập phân'),
		v.transform((s) => Number(s.replace(',', '.'))),
		v.minValue(0.001, 'phải lớn hơn 0'),
		v.maxValue(1_000_000, 'tối đa 1.000.000 m³')
	),
	reason
});
