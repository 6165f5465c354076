/**
 * What the field enters when an order is done, per type. Indexes are m³ with at most 3
 * decimals, pipe diameters mm, water lost m³ (the technician's estimate). A failed order needs
 * only a note (why); a done one needs its type's fields, checked here so every entry point
 * (web form, field PWA, offline replay) gets the same answer naming the field.
 */
import * as v from 'valibot';
import type { WorkOrderType } from './workflow.ts';

const text = (max: number) =>
	v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'required'), v.maxLength(max));
const optionalText = (max: number) =>
	v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(max)));
/** A number given as a number or as text ('12,5' accepted: the Vietnamese decimal comma). */
const decimal = (max: number, decimals: number, unit: string) =>
	v.pipe(
		v.union([v.number(), v.string()], `must be a number (${unit})`),
		v.transform((x) => (typeof x === 'number' ? x : Number(x.trim().replace(',', '.')))),
		v.number(`must be a number (${unit})`),
		v.check((x) => Number.isFinite(x), `must be a number (${unit})`),
		v.minValue(0, `must be ≥ 0 (${unit})`),
		v.maxValue(max, `must be ≤ ${max} (${unit})`),
		v.check(
			(x) => Math.abs(x * 10 ** decimals - Math.round(x * 10 ** decimals)) < 1e-6,
			`at most ${decimals} decimals (${unit})`
		)
	);
const meterIndex = decimal(99_999_999, 3, 'm³');
const serial = v.pipe(
	v.string('must be text'),
	v.trim(),
	v.toUpperCase(),
	v.regex(/^[A-Z0-9][A-Z0-9-]{3,29}$/, '4–30 letters, digits or dashes')
);
const seal = v.pipe(
	v.string('must be text'),
	v.trim(),
	v.minLength(1, 'required'),
	v.maxLength(30)
);

export const leakKinds = ['main', 'service_pipe', 'before_meter', 'after_meter', 'valve'] as const;

export const resultSchemas = {
	new_connection: v.object({ meterSerial: serial, initialIndex: meterIndex, sealNumber: seal }),
	meter_replacement: v.object({
		oldFinalIndex: meterIndex,
		newSerial: serial,
		newInitialIndex: meterIndex
	}),
	meter_verification: v.object({
		passed: v.boolean('must be yes or no'),
		certificateNo: optionalText(40)
	}),
	leak_repair: v.object({
		leakKind: v.picklist(leakKinds, `must be one of ${leakKinds.join(', ')}`),
		pipeDiameterMm: v.pipe(
			v.union([v.number(), v.string()], 'must be a whole number (mm)'),
			v.transform(Number),
			v.integer('must be a whole number (mm)'),
			v.minValue(10, 'must be 10–2000 mm'),
			v.maxValue(2000, 'must be 10–2000 mm')
		),
		waterLossM3: decimal(1_000_000, 3, 'm³')
	}),
	complaint_investigation: v.object({ finding: text(2000) }),
	disconnection: v.object({ index: meterIndex, sealNumber: seal }),
	reconnection: v.object({ index: meterIndex, sealNumber: seal }),
	re_read: v.object({ index: meterIndex }),
	relocation: v.object({ newLocation: text(500) }),
	// Checking a suspicious reading or connection on site (anomaly review, NRW leads).
	inspection: v.object({ finding: text(2000), index: v.optional(meterIndex) })
} satisfies Record<WorkOrderType, v.GenericSchema>;

export type WorkOrderResult = v.InferOutput<(typeof resultSchemas)[WorkOrderType]>;

/** Fields each type asks for, in form order (for forms and the field view). */
export const resultFields = Object.fromEntries(
	Object.entries(resultSchemas).map(([type, schema]) => [type, Object.keys(schema.entries)])
) as Record<WorkOrderType, string[]>;

export type ResultCheck =
	{ ok: true; value: WorkOrderResult } | { ok: false; field: string; reason: string };

/** Checks a done order's result; the field is named as `result.<name>`. */
export function checkResult(type: WorkOrderType, input: unknown): ResultCheck {
	if (input === null || input === undefined || typeof input !== 'object' || Array.isArray(input))
		return { ok: false, field: 'result', reason: 'required when the order is done' };
	const parsed = v.safeParse(resultSchemas[type], input);
	if (parsed.success) return { ok: true, value: parsed.output };
	const issue = parsed.issues[0];
	const path = v.getDotPath(issue);
	const reason = issue.input === undefined && issue.kind === 'schema' ? 'required' : issue.message;
	return { ok: false, field: path ? `result.${path}` : 'result', reason };
}
