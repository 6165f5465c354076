/**
 * The balance input of ../shared/domain/water-balance.md, validated: every error names its
 * field and the reason. Volumes m³, rates as fractions, lengths km, pressure metres.
 */
import * as v from 'valibot';

const num = (field: string) =>
	v.pipe(v.number(`${field} phải là một số`), v.finite(`${field} phải là một số hữu hạn`));
const positive = (field: string) => v.pipe(num(field), v.gtValue(0, `${field} phải lớn hơn 0`));
const nonNegative = (field: string) => v.pipe(num(field), v.minValue(0, `${field} không được âm`));

export const balanceInputSchema = v.object({
	zone: v.pipe(v.string('zone phải là chuỗi'), v.minLength(1, 'zone không được rỗng')),
	days: positive('days'),
	systemInput: positive('systemInput (m³)'),
	billedMetered: nonNegative('billedMetered (m³)'),
	billedUnmetered: nonNegative('billedUnmetered (m³)'),
	unbilledMetered: nonNegative('unbilledMetered (m³)'),
	unbilledUnmetered: nonNegative('unbilledUnmetered (m³)'),
	meterUnderRegistration: v.pipe(
		num('meterUnderRegistration'),
		v.minValue(0, 'meterUnderRegistration phải trong [0, 1)'),
		v.ltValue(1, 'meterUnderRegistration phải trong [0, 1)')
	),
	unauthorizedRate: v.pipe(
		num('unauthorizedRate'),
		v.minValue(0, 'unauthorizedRate phải trong [0, 1]'),
		v.maxValue(1, 'unauthorizedRate phải trong [0, 1]')
	),
	mainsLengthKm: nonNegative('mainsLengthKm'),
	connections: positive('connections'),
	serviceLengthKm: nonNegative('serviceLengthKm'),
	avgPressureM: positive('avgPressureM')
});

export type BalanceInput = v.InferOutput<typeof balanceInputSchema>;

export interface BalanceIssue {
	field: string;
	reason: string;
}

export class BalanceInputError extends Error {
	constructor(readonly issues: BalanceIssue[]) {
		super(issues.map((i) => `${i.field}: ${i.reason}`).join('; '));
	}
}

export function parseBalanceInput(input: unknown): BalanceInput {
	const parsed = v.safeParse(balanceInputSchema, input, { abortPipeEarly: true });
	if (parsed.success) return parsed.output;
	throw new BalanceInputError(
		parsed.issues.map((issue) => ({
			field: v.getDotPath(issue) ?? '(input)',
			reason: issue.input === undefined && issue.kind === 'schema' ? 'bắt buộc' : issue.message
		}))
	);
}
