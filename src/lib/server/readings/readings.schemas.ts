/** Input schemas at the readings boundary and the area's refusal. */
import * as v from 'valibot';
import { noteCodes } from '../../domain/readings/anomalies.ts';
import { idSchema, RequestError } from '../http/refusal.ts';

/** A refusal from the readings area (see RequestError). */
export class ReadingError extends RequestError {}

const lon = v.pipe(v.number('must be a number (degrees)'), v.minValue(-180), v.maxValue(180));
const lat = v.pipe(v.number('must be a number (degrees)'), v.minValue(-90), v.maxValue(90));

/** One reading as the grid, the field app (online or replayed) and the import send it. */
export const readingInputSchema = v.object({
	customerId: idSchema,
	/** Defaults to the open period. */
	periodId: v.optional(idSchema),
	/** Chosen by the client when the reader taps save: a replay with it is accepted once. */
	clientKey: v.optional(v.pipe(v.string(), v.uuid('must be a UUID'))),
	/** Text as typed ('1234,5') or a number; omitted when the meter could not be read. */
	index: v.optional(v.union([v.string(), v.number()], 'must be a number')),
	noteCode: v.optional(v.nullable(v.picklist(noteCodes, `must be one of ${noteCodes.join(', ')}`))),
	note: v.optional(
		v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(300, 'at most 300 characters')))
	),
	/** When the meter was read, by the phone's clock; defaults to now. */
	readAt: v.optional(
		v.pipe(
			v.string(),
			v.isoTimestamp('must be an ISO timestamp'),
			v.transform((s) => new Date(s))
		)
	),
	position: v.optional(
		v.nullable(
			v.object({
				lon,
				lat,
				accuracyM: v.optional(v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(100_000))))
			})
		)
	)
});
export type ReadingInput = v.InferOutput<typeof readingInputSchema>;
