/**
 * The tariff case as the quote CLI, the UI's quote tool and the billing engine give it
 * (contract: ../shared/domain/tariff.md). One valibot schema checks the shape, then one raw
 * check walks the rules that span fields (increasing blocks, distinct effective dates, a
 * schedule and the customer's category in force for every day of the period…). Every refusal
 * names its field as a JSON path, e.g. `schedules[1].categories.SH.blocks[2].upTo`, with a
 * Vietnamese reason. Unknown keys are ignored.
 */
import * as v from 'valibot';
import { dayNumber } from './days.ts';
import { caseProblems } from './tariff.rules.ts';

const number = (what: string) =>
	v.pipe(v.number(`${what} phải là số`), v.finite(`${what} phải là số hữu hạn`));
const nonNegative = (what: string) => v.pipe(number(what), v.minValue(0, `${what} không được âm`));
const price = nonNegative('giá (đồng/m³)');
const rate = nonNegative('tỷ lệ (ví dụ 0.05 = 5%)');
const code = v.pipe(v.string('mã nhóm phải là chuỗi'), v.nonEmpty('mã nhóm không được rỗng'));
const date = v.pipe(
	v.string('ngày phải có dạng YYYY-MM-DD'),
	v.check((text) => dayNumber(text) !== null, 'không phải ngày hợp lệ dạng YYYY-MM-DD')
);

const block = v.object({
	upTo: v.nullable(
		v.pipe(number('upTo (m³)'), v.gtValue(0, 'upTo phải lớn hơn 0 (m³), hoặc null ở bậc cuối'))
	),
	price
});
const blocks = v.pipe(
	v.array(block, 'blocks phải là danh sách bậc'),
	v.minLength(1, 'cần ít nhất một bậc')
);

const category = v.variant(
	'basis',
	[
		v.object({ basis: v.literal('household'), blocks }),
		v.object({ basis: v.literal('person'), blocks }),
		v.object({ basis: v.literal('flat'), price })
	],
	'basis phải là "household", "person" hoặc "flat"'
);

const charge = v.object({
	type: v.picklist(['envFee', 'drainage'], 'loại phí phải là "envFee" hoặc "drainage"'),
	rate,
	vatRate: v.optional(rate),
	categories: v.optional(
		v.pipe(v.array(code, 'categories phải là danh sách mã nhóm'), v.minLength(1, 'không được rỗng'))
	)
});

const schedule = v.object({
	id: v.pipe(v.string('id phải là chuỗi'), v.nonEmpty('id không được rỗng')),
	effectiveFrom: date,
	vatRate: rate,
	categories: v.pipe(
		v.record(code, category, 'categories phải là bảng mã nhóm → giá'),
		v.check((table) => Object.keys(table).length > 0, 'cần ít nhất một nhóm sử dụng')
	),
	charges: v.optional(v.array(charge, 'charges phải là danh sách'), [])
});
/** One schedule as a case carries it; the tariff screens check a price decision with it too. */
export const scheduleSchema = schedule;

const index = nonNegative('chỉ số (m³)');

export const tariffCaseSchema = v.pipe(
	v.object({
		schedules: v.pipe(
			v.array(schedule, 'schedules phải là danh sách biểu giá'),
			v.minLength(1, 'cần ít nhất một biểu giá')
		),
		customer: v.object({
			category: code,
			households: v.pipe(
				number('households'),
				v.integer('households phải là số nguyên'),
				v.minValue(1, 'households phải ≥ 1')
			),
			persons: v.pipe(
				number('persons'),
				v.integer('persons phải là số nguyên'),
				v.minValue(0, 'persons phải ≥ 0')
			)
		}),
		previousReadingOn: date,
		currentReadingOn: date,
		consumption: v.nullish(
			v.pipe(
				number('consumption (m³)'),
				v.minValue(0, 'consumption không được âm; khi đồng hồ quay vòng hãy gửi readings')
			)
		),
		readings: v.nullish(
			v.object({
				previous: index,
				current: index,
				digits: v.pipe(
					number('digits'),
					v.integer('digits phải là số nguyên'),
					v.minValue(1, 'digits phải từ 1 đến 12'),
					v.maxValue(12, 'digits phải từ 1 đến 12')
				)
			})
		)
	}),
	v.rawCheck(({ dataset, addIssue }) => {
		// Cross-field rules only judge a case whose every field is already sound.
		if (!dataset.typed || dataset.issues) return;
		for (const problem of caseProblems(dataset.value)) {
			const path = problem.path.map((key) => ({
				type: 'unknown' as const,
				origin: 'value' as const,
				input: undefined,
				key,
				value: undefined
			}));
			addIssue({ message: problem.reason, path: path as [(typeof path)[0], ...typeof path] });
		}
	})
);

export type TariffCase = v.InferOutput<typeof tariffCaseSchema>;
export type Schedule = TariffCase['schedules'][number];
export type Category = Schedule['categories'][string];
export type Charge = Schedule['charges'][number];

export interface CaseIssue {
	/** JSON path of the refused field, e.g. `schedules[1].categories.SH.blocks[2].upTo`. */
	field: string;
	reason: string;
}

/** A case refused by the schema; `field` and `reason` are the first issue's. */
export class TariffCaseError extends Error {
	readonly field: string;
	readonly reason: string;
	constructor(readonly issues: CaseIssue[]) {
		super(issues.map((issue) => `${issue.field}: ${issue.reason}`).join('\n'));
		this.name = 'TariffCaseError';
		this.field = issues[0].field;
		this.reason = issues[0].reason;
	}
}

/** `schedules[1].categories.SH.blocks[2].upTo` from a path of keys. */
export function jsonPath(keys: readonly unknown[]): string {
	let path = '';
	for (const key of keys) {
		if (typeof key === 'number') path += `[${key}]`;
		else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) path += `${path ? '.' : ''}${String(key)}`;
		else path += `[${JSON.stringify(String(key))}]`;
	}
	return path || '(case)';
}

export function parseTariffCase(input: unknown): TariffCase {
	const parsed = v.safeParse(tariffCaseSchema, input);
	if (parsed.success) return parsed.output;
	throw new TariffCaseError(
		parsed.issues.map((issue) => ({
			field: jsonPath((issue.path ?? []).map((item) => item.key)),
			reason: issue.input === undefined && issue.kind === 'schema' ? 'bắt buộc' : issue.message
		}))
	);
}
