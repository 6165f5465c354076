/**
 * Input schemas at the work-orders boundary (JSON endpoints, forms), and the refusal every
 * layer throws: an HTTP status, the field at fault and the reason.
 */
import * as v from 'valibot';
import { idSchema, parseInput, pathIdSchema, RequestError } from '../http/refusal.ts';
import {
	workOrderPriorities,
	workOrderStatuses,
	workOrderTypes
} from '../../domain/work-orders/workflow.ts';

/** A refusal from the work-orders area (see RequestError). */
export class WorkOrderError extends RequestError {}

export { idSchema, parseInput, pathIdSchema };

const lon = v.pipe(
	v.number('must be a number (degrees)'),
	v.minValue(-180, 'must be between -180 and 180 (degrees)'),
	v.maxValue(180, 'must be between -180 and 180 (degrees)')
);
const lat = v.pipe(
	v.number('must be a number (degrees)'),
	v.minValue(-90, 'must be between -90 and 90 (degrees)'),
	v.maxValue(90, 'must be between -90 and 90 (degrees)')
);
const optionalText = (max: number) =>
	v.optional(
		v.pipe(
			v.string('must be text'),
			v.trim(),
			v.maxLength(max, `at most ${max} characters`),
			v.transform((s) => (s === '' ? undefined : s))
		)
	);
const requiredText = (max: number) =>
	v.pipe(
		v.string('must be text'),
		v.trim(),
		v.minLength(1, 'required'),
		v.maxLength(max, `at most ${max} characters`)
	);

export const createSchema = v.object({
	type: v.picklist(workOrderTypes, `must be one of ${workOrderTypes.join(', ')}`),
	priority: v.optional(
		v.picklist(workOrderPriorities, `must be one of ${workOrderPriorities.join(', ')}`),
		'normal'
	),
	customerId: v.optional(idSchema),
	lon: v.optional(lon),
	lat: v.optional(lat),
	address: optionalText(300),
	description: requiredText(2000),
	dueAt: v.optional(
		v.pipe(
			v.string(),
			v.isoTimestamp('must be an ISO date and time'),
			v.transform((s) => new Date(s))
		)
	)
});
export type CreateInput = v.InferOutput<typeof createSchema>;

export const transitionSchema = v.object({
	to: v.picklist(workOrderStatuses, `must be one of ${workOrderStatuses.join(', ')}`),
	idempotencyKey: v.pipe(v.string('must be a UUID'), v.uuid('must be a UUID')),
	version: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1))),
	result: v.optional(v.unknown()),
	note: optionalText(1000),
	lon: v.optional(lon),
	lat: v.optional(lat)
});
export type TransitionInput = v.InferOutput<typeof transitionSchema>;

export const assignSchema = v.object({
	ids: v.pipe(
		v.array(idSchema, 'must be a list of order ids'),
		v.minLength(1, 'at least one order'),
		v.maxLength(1000, 'at most 1000 orders at once')
	),
	staffId: v.nullable(idSchema)
});

const csv = <T extends string>(allowed: readonly T[]) =>
	v.optional(
		v.pipe(
			v.string(),
			v.transform((s) => s.split(',').filter(Boolean)),
			v.array(v.picklist(allowed, `must be among ${allowed.join(', ')}`))
		)
	);

const bbox = v.pipe(
	v.string(),
	v.transform((s) => s.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)))),
	v.check((b) => b.length === 4 && b.every(Number.isFinite), 'must be minLon,minLat,maxLon,maxLat'),
	v.check(
		(b) => b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90 && b[0] <= b[2] && b[1] <= b[3],
		'out of range: longitudes -180..180, latitudes -90..90, min ≤ max'
	),
	v.transform((b) => b as [number, number, number, number])
);
const intParam = (min: number, max: number) =>
	v.pipe(
		v.string(),
		v.regex(/^\d+$/, 'must be a whole number'),
		v.transform(Number),
		v.minValue(min, `must be ${min}–${max}`),
		v.maxValue(max, `must be ${min}–${max}`)
	);

/** Query string of GET /api/work-orders and of the list page. */
export const listSchema = v.object({
	status: csv(workOrderStatuses),
	type: csv(workOrderTypes),
	priority: csv(workOrderPriorities),
	unassigned: v.optional(v.picklist(['0', '1'], 'must be 0 or 1')),
	overdue: v.optional(v.picklist(['0', '1'], 'must be 0 or 1')),
	assignedTo: v.optional(intParam(1, 2 ** 31 - 1)),
	bbox: v.optional(bbox),
	limit: v.optional(intParam(1, 2000), '200'),
	page: v.optional(intParam(1, 100_000), '1')
});
export type ListInput = v.InferOutput<typeof listSchema>;

export const requestSchema = v.object({
	kind: v.picklist(['request', 'complaint'], 'must be request or complaint'),
	channel: v.picklist(['counter', 'phone'], 'must be counter or phone'),
	customerId: v.optional(idSchema),
	callerName: optionalText(120),
	callerPhone: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.transform((s) => s.replace(/[\s.]/g, '')),
			v.transform((s) => (s === '' ? undefined : s)),
			v.optional(v.pipe(v.string(), v.regex(/^0\d{9,10}$/, 'must be 10–11 digits starting 0')))
		)
	),
	description: requiredText(2000),
	/** The order the request becomes. */
	order: v.object({
		type: createSchema.entries.type,
		priority: createSchema.entries.priority,
		address: optionalText(300),
		lon: v.optional(lon),
		lat: v.optional(lat)
	})
});
export type RequestInput = v.InferOutput<typeof requestSchema>;
