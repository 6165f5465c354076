import type { Quote } from '#lib/domain/tariff/quote.ts';
import type { CaseIssue } from '#lib/domain/tariff/tariff.schema.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError } from '#lib/server/http/refusal.ts';
import {
	quoteByHand,
	quoteChoices,
	quoteForCustomer,
	type ManualInput
} from '#lib/server/tariffs/quote.service.ts';
import { TariffError } from '#lib/server/tariffs/tariffs.errors.ts';
import type { PageServerLoad } from './$types';

const manualKeys = [
	'category',
	'households',
	'persons',
	'previousReadingOn',
	'currentReadingOn',
	'consumption',
	'previousIndex',
	'currentIndex',
	'digits'
] as const;

// A quote writes nothing: both ways in are GET forms, so billing.access is enough.
export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const q = url.searchParams;
	const by = q.has('customer') ? 'customer' : q.has('category') ? 'hand' : null;
	let fields = Object.fromEntries(
		manualKeys.map((k) => [k, q.get(k) ?? ''])
	) as unknown as ManualInput;
	let customer: { code: string; name: string; category: string } | null = null;
	let tariffCode: string | null = null;
	let result: Quote | null = null;
	let issues: CaseIssue[] = [];
	try {
		if (by === 'customer') {
			const found = await quoteForCustomer(
				db,
				locals.user!,
				q.get('customer')!,
				q.get('period') ?? ''
			);
			({ fields, tariffCode, quote: result } = found);
			customer = {
				code: found.customer.code,
				name: found.customer.name,
				category: found.customer.category
			};
		} else if (by === 'hand') result = await quoteByHand(db, fields);
	} catch (err) {
		if (err instanceof TariffError) issues = err.issues;
		else if (err instanceof RequestError) issues = [{ field: err.field, reason: err.reason }];
		else throw err;
	}
	const choices = await quoteChoices(db);
	return {
		...choices,
		by,
		customerCode: q.get('customer') ?? '',
		// The latest period unless one was asked for.
		periodId: q.get('period') ?? String(choices.periods[0]?.id ?? ''),
		fields,
		customer,
		tariffCode,
		result,
		issues
	};
};
