/** The route layer's side of the work-order JSON endpoints: bodies, ids and refusals. */
import { json } from '@sveltejs/kit';
import type * as v from 'valibot';
import { parseInput, pathIdSchema, WorkOrderError } from './work-orders.schemas.ts';

/** A refusal as {error: {field, reason}} with its status; anything else is rethrown. */
export function refusalResponse(err: unknown): Response {
	if (err instanceof WorkOrderError)
		return json({ error: { field: err.field, reason: err.reason } }, { status: err.status });
	throw err;
}

/** Runs the handler; a WorkOrderError becomes its JSON refusal. */
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
		if (err instanceof WorkOrderError) throw new WorkOrderError(404, field, err.reason);
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
		throw new WorkOrderError(400, 'body', 'not valid JSON');
	}
	return parseInput(schema, body);
}

export const query = <S extends v.GenericSchema>(url: URL, schema: S): v.InferOutput<S> =>
	parseInput(schema, Object.fromEntries(url.searchParams));
