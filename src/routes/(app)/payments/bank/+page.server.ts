import { fail } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { RequestError } from '#lib/server/http/refusal.ts';
import { reviewLine, reviewQueue } from '#lib/server/payments/bank-review.service.ts';
import { importStatement } from '#lib/server/payments/bank.service.ts';
import { parsePaymentInput, reviewSchema } from '#lib/server/payments/payments.schemas.ts';
import type { Actions, PageServerLoad } from './$types';

// payments.access is checked by the guard; importing and reviewing need payments.create.
export const load: PageServerLoad = async ({ locals }) => ({
	...(await reviewQueue(getDb(), locals.user!)),
	canImport: can(locals.user!.permissions, 'payments', 'create') && locals.user!.routeIds === null
});

const refusal = (err: unknown) => {
	if (!(err instanceof RequestError)) throw err;
	return fail(err.status, { field: err.field, error: err.reason });
};

export const actions: Actions = {
	// Matched lines become receipts: named create… so the guard asks payments.create.
	createStatement: async ({ request, locals }) => {
		try {
			const file = (await request.formData()).get('file');
			if (!(file instanceof File) || file.size === 0)
				throw new RequestError(400, 'file', 'chưa chọn tệp sao kê (.xlsx)');
			const { statement, sameFileAs } = await importStatement(getDb(), locals.user!, {
				name: file.name,
				bytes: new Uint8Array(await file.arrayBuffer())
			});
			return { statement, sameFileAs };
		} catch (err) {
			return refusal(err);
		}
	},
	// Assigning writes a receipt; ignoring resolves the line: both are the cashier's review.
	createReview: async ({ request, locals }) => {
		try {
			const form = await request.formData();
			const raw = form.get('id');
			const id = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
			if (id === null) throw new RequestError(400, 'id', 'thiếu dòng sao kê');
			const input = parsePaymentInput(reviewSchema, {
				action: form.get('action'),
				customerCode: form.get('customerCode') ?? undefined,
				note: form.get('note') ?? undefined
			});
			await reviewLine(getDb(), locals.user!, id, input);
			return { reviewed: id };
		} catch (err) {
			return refusal(err);
		}
	}
};
