/** The route layer's side of meter and contract forms: ids, form fields, refusals. */
import { error, fail } from '@sveltejs/kit';
import { MeterInputError } from './meters.service.ts';

/** A positive integer id from the URL, or 400. */
export function idParam(raw: string, name = 'id'): number {
	if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) error(400, `${name}: not an id`);
	return Number(raw);
}

/** Form fields as strings; 'newMeter.serial' becomes { newMeter: { serial } }. Files are dropped. */
export function formObject(form: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of form) {
		if (typeof value !== 'string') continue;
		const [head, tail] = key.split('.', 2);
		if (tail === undefined) out[head] = value;
		else out[head] = { ...((out[head] as Record<string, string>) ?? {}), [tail]: value };
	}
	return out;
}

/**
 * A refusal goes back to the form with the field, the reason and what was typed (so nothing
 * is lost); a customer outside the user's routes is a 404, like one that does not exist.
 */
export function refusal(action: string, err: unknown, values: Record<string, unknown>) {
	if (!(err instanceof MeterInputError)) throw err;
	if (err.status === 404) error(404, err.message);
	return fail(err.status, { action, field: err.field, error: err.message, values });
}

/** In a load: a refusal becomes the error page (404 outside the user's routes). */
export function loadError(err: unknown): never {
	if (err instanceof MeterInputError) error(err.status, err.message);
	throw err;
}
