import { error } from '@sveltejs/kit';
import { vndInWords } from '#lib/domain/collections/amount-words.ts';
import { remittanceDetail } from '#lib/server/collections/cashier.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import type { PageServerLoad } from './$types';

// payments.access is checked by the guard (a receipt is shown; printing is the browser's).
export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		const detail = await remittanceDetail(getDb(), locals.user!, pathId(params.id));
		return { ...detail, inWords: vndInWords(detail.remittance.totalVnd) };
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
