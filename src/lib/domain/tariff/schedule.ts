/**
 * A price decision (quyết định giá) as the tariff screens enter and store it: the schedule a
 * quote takes (tariff.md) plus its code, name and decision reference. Stored schedules are
 * stricter than a quote case: prices are whole VND per m³, VAT is below 100% with at most four
 * decimals (the column is numeric(6,4)), a charge's rate is at most 100%, and every category
 * must be one of the utility's codes. Every problem names its field as a path of the draft
 * (`code`, `effectiveFrom`, `categories.SH.blocks[2].upTo`, `charges[0].rate`…).
 */
import * as v from 'valibot';
import { dayNumber, isoDate } from './days.ts';
import { scheduleProblems } from './tariff.rules.ts';
import { jsonPath, scheduleSchema, type CaseIssue, type Schedule } from './tariff.schema.ts';

/** e.g. HN-3541-2024: upper-case letters, digits and . _ -, 2 to 40 characters. */
export const scheduleCodePattern = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;

const text = (what: string, max: number) =>
	v.pipe(
		v.string(`${what} phải là chuỗi`),
		v.trim(),
		v.minLength(1, `${what} không được để trống`),
		v.maxLength(max, `${what} tối đa ${max} ký tự`)
	);

const headerSchema = v.object({
	code: v.pipe(
		v.string('mã biểu giá phải là chuỗi'),
		v.trim(),
		v.regex(
			scheduleCodePattern,
			'mã biểu giá gồm 2–40 ký tự A–Z, 0–9, dấu . _ - (ví dụ HN-3541-2024)'
		)
	),
	name: text('tên biểu giá', 200),
	decisionRef: text('số quyết định', 120),
	note: v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(1000, 'ghi chú tối đa 1000 ký tự')))
});

/** A price decision as entered: the header and the schedule's own fields, side by side. */
export interface ScheduleDraft {
	code: string;
	name: string;
	decisionRef: string;
	note: string | null;
	effectiveFrom: string;
	vatRate: number;
	categories: Schedule['categories'];
	charges: Schedule['charges'];
}

/** What a draft is checked against: the utility's codes and the other stored decisions. */
export interface ScheduleContext {
	categoryCodes: readonly string[];
	/** Every other stored schedule (the one being edited left out). */
	others: readonly { code: string; effectiveFrom: string }[];
}

export type DraftResult = { ok: true; draft: ScheduleDraft } | { ok: false; issues: CaseIssue[] };

function issuesOf(issues: v.BaseIssue<unknown>[], rename: Record<string, string> = {}) {
	return issues.map((issue) => {
		const field = jsonPath((issue.path ?? []).map((item) => item.key));
		return {
			field: rename[field] ?? field,
			reason: issue.input === undefined && issue.kind === 'schema' ? 'bắt buộc' : issue.message
		};
	});
}

/** Four decimals at most (numeric(6,4)): 0.0525 is fine, 0.05255 would be rounded. */
const fourDecimals = (rate: number) => Math.abs(rate * 10_000 - Math.round(rate * 10_000)) < 1e-9;

/** The storage rules the quote case does not have: whole prices, rates in range. */
function storageProblems(s: Schedule): CaseIssue[] {
	const issues: CaseIssue[] = [];
	const wholePrice = (price: number, field: string) => {
		if (!Number.isInteger(price))
			issues.push({ field, reason: `giá phải là số nguyên đồng/m³ (nhập ${price})` });
	};
	if (s.vatRate >= 1) issues.push({ field: 'vatRate', reason: 'thuế GTGT phải nhỏ hơn 100%' });
	else if (!fourDecimals(s.vatRate))
		issues.push({ field: 'vatRate', reason: 'thuế GTGT tối đa hai chữ số thập phân (theo %)' });
	for (const [code, category] of Object.entries(s.categories)) {
		const at = jsonPath(['categories', code]);
		if (category.basis === 'flat') wholePrice(category.price, `${at}.price`);
		else category.blocks.forEach((b, i) => wholePrice(b.price, `${at}.blocks[${i}].price`));
	}
	s.charges.forEach((charge, c) => {
		if (charge.rate > 1)
			issues.push({ field: `charges[${c}].rate`, reason: 'tỷ lệ phí tối đa 100%' });
		if (charge.vatRate !== undefined && charge.vatRate >= 1)
			issues.push({ field: `charges[${c}].vatRate`, reason: 'thuế GTGT phải nhỏ hơn 100%' });
	});
	return issues;
}

function contextProblems(draft: ScheduleDraft, context: ScheduleContext): CaseIssue[] {
	const issues: CaseIssue[] = [];
	const known = new Set(context.categoryCodes);
	for (const code of Object.keys(draft.categories))
		if (!known.has(code))
			issues.push({
				field: jsonPath(['categories', code]),
				reason: `mã nhóm ${code} không có trong danh mục đối tượng giá`
			});
	const sameCode = context.others.find((o) => o.code === draft.code);
	if (sameCode) issues.push({ field: 'code', reason: `mã ${draft.code} đã được dùng` });
	const sameDay = context.others.find((o) => o.effectiveFrom === draft.effectiveFrom);
	if (sameDay)
		issues.push({
			field: 'effectiveFrom',
			reason: `trùng ngày hiệu lực với biểu giá ${sameDay.code}: hai quyết định không thể cùng áp dụng từ một ngày`
		});
	return issues;
}

/** Checks an entered decision; nothing about it is trusted until this says ok. */
export function checkScheduleDraft(input: unknown, context: ScheduleContext): DraftResult {
	const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
	const header = v.safeParse(headerSchema, raw);
	const body = v.safeParse(scheduleSchema, { ...raw, id: raw.code });
	const issues = [
		...(header.success ? [] : issuesOf(header.issues)),
		// The schedule's id is the code: its refusals are already the header's.
		...(body.success ? [] : issuesOf(body.issues).filter((i) => i.field !== 'id'))
	];
	if (!header.success || !body.success) return { ok: false, issues };
	const schedule = body.output;
	issues.push(
		...scheduleProblems(schedule).map((p) => ({ field: jsonPath(p.path), reason: p.reason })),
		...storageProblems(schedule)
	);
	const draft: ScheduleDraft = {
		code: header.output.code,
		name: header.output.name,
		decisionRef: header.output.decisionRef,
		note: header.output.note || null,
		effectiveFrom: schedule.effectiveFrom,
		vatRate: schedule.vatRate,
		categories: schedule.categories,
		charges: schedule.charges
	};
	issues.push(...contextProblems(draft, context));
	return issues.length ? { ok: false, issues } : { ok: true, draft };
}

export type ScheduleStatus = 'in_force' | 'upcoming' | 'past';

/**
 * Each decision is in force from its date until the day before the next one's (null: still
 * in force). `today` is a calendar date 'YYYY-MM-DD' in Asia/Ho_Chi_Minh.
 */
export function timeline<T extends { effectiveFrom: string }>(
	schedules: readonly T[],
	today: string
): (T & { until: string | null; status: ScheduleStatus })[] {
	const sorted = [...schedules].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
	return sorted.map((s, i) => {
		const next = sorted[i + 1];
		const until = next ? isoDate(dayNumber(next.effectiveFrom)! - 1) : null;
		const status: ScheduleStatus =
			s.effectiveFrom > today ? 'upcoming' : until !== null && until < today ? 'past' : 'in_force';
		return { ...s, until, status };
	});
}

/** Today's calendar date in Vietnam (UTC+7, no daylight saving). */
export function todayInVietnam(now: Date = new Date()): string {
	return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
