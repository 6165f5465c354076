/**
 * The refusal every layer throws (an HTTP status, the field at fault and the reason), the
 * schema parsing that produces it, and the route layer's side of JSON endpoints: bodies, ids
 * and the {error: {field, reason}} answer. Each area names its own subclass (WorkOrderError,
 * ReadingError) so a log says where a refusal came from.
 */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';

export class RequestError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 422,
		readonly field: string,
		readonly reason: string
	) {
		super(`${field}: ${reason}`);
	}
}

/** Parses with a schema; the first issue becomes a 400 naming its field. */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const parsed = v.safeParse(schema, input);
	if (parsed.success) return parsed.output;
	const issue = parsed.issues[0];
	const field = v.getDotPath(issue) ?? 'body';
	const reason = issue.input === undefined && issue.kind === 'schema' ? 'required' : issue.message;
	throw new RequestError(400, field, reason);
}

/**
 * An area's parser: like parseInput, but the refusal is the area's own error class and a
 * missing field is named in Vietnamese ("thiếu số tiền (bắt buộc)") from `names`.
 */
export function areaParser<E extends RequestError>(
	AreaError: new (status: 400, field: string, reason: string) => E,
	names: Record<string, string>
) {
	return <S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> => {
		const parsed = v.safeParse(schema, input);
		if (parsed.success) return parsed.output;
		const issue = parsed.issues[0];
		const field = v.getDotPath(issue) ?? 'body';
		const missing = issue.input === undefined && issue.kind === 'schema';
		throw new AreaError(
			400,
			field,
			missing ? `thiếu ${names[field] ?? field} (bắt buộc)` : issue.message
		);
	};
}

export const idSchema = v.pipe(
	v.union([v.number(), v.string()]),
	v.transform(Number),
	v.integer('must be a whole number'),
	v.minValue(1, 'must be a positive id'),
	v.maxValue(Number.MAX_SAFE_INTEGER, 'too large')
);
/** An id from the URL path (digits only: '1e3' or ' 7' are not ids). */
export const pathIdSchema = v.pipe(
	v.string(),
	v.regex(/^\d{1,15}$/, 'must be a whole number'),
	v.transform(Number),
	v.minValue(1, 'must be a positive id')
);

/** A refusal as {error: {field, reason}} with its status; anything else is rethrown. */
export function refusalResponse(err: unknown): Response {
	if (err instanceof RequestError)
		return json({ error: { field: err.field, reason: err.reason } }, { status: err.status });
	throw err;
}

/** Runs the handler; a RequestError becomes its JSON refusal. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (err) {
		return refusalResponse(err);
	}
}

export function pathId(raw: string, field = 'id'): number {
	try {
		return parseInput(pathIdSchema, raw);
	} catch (err) {
		if (err instanceof RequestError) throw new RequestError(404, field, err.reason);
		throw err;
	}
}

/** The JSON body parsed by the schema; unreadable JSON is a 400 on `body`. */
export async function jsonBody<S extends v.GenericSchema>(
	request: Request,
	schema: S
): Promise<v.InferOutput<S>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new RequestError(400, 'body', 'not valid JSON');
	}
	return parseInput(schema, body);
}

export const query = <S extends v.GenericSchema>(url: URL, schema: S): v.InferOutput<S> =>
	parseInput(schema, Object.fromEntries(url.searchParams));
