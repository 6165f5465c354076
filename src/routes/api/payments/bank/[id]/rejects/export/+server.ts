import { error } from '@sveltejs/kit';
import { getDb } from '#lib/server/db/connection.ts';
import { pathId, RequestError } from '#lib/server/http/refusal.ts';
import { statementRejects } from '#lib/server/payments/bank.service.ts';
import type { RequestHandler } from './$types';

// The guard asks payments.export (the route ends in /export): the file leaves the building.
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const id = pathId(params.id);
		const bytes = await statementRejects(getDb(), locals.user!, id);
		if (!bytes) error(404, 'sao kê này không có dòng lỗi');
		return new Response(new Uint8Array(bytes), {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="sao-ke-${id}-dong-loi.xlsx"`
			}
		});
	} catch (err) {
		if (err instanceof RequestError) error(err.status, err.reason);
		throw err;
	}
};
