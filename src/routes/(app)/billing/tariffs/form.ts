/**
 * The price-decision form's side of the route: the posted JSON draft, and a refusal handed
 * back with the draft as typed and every field at fault.
 */
import { fail } from '@sveltejs/kit';
import { RequestError } from '#lib/server/http/refusal.ts';
import { TariffError } from '#lib/server/tariffs/tariffs.errors.ts';

export async function postedDraft(request: Request): Promise<unknown> {
	const raw = String((await request.formData()).get('draft') ?? '');
	try {
		return JSON.parse(raw);
	} catch {
		throw TariffError.of(400, 'draft', 'biểu mẫu gửi lên không đọc được: tải lại trang');
	}
}

/** A refusal as the form's answer; anything else is rethrown. */
export function refused(err: unknown, draft: unknown = null) {
	if (err instanceof TariffError) return fail(err.status, { draft, issues: err.issues });
	if (err instanceof RequestError)
		return fail(err.status, { draft, issues: [{ field: err.field, reason: err.reason }] });
	throw err;
}
