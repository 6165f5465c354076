import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { attachmentIdSchema, httpError } from '#lib/server/attachments/attachments.http.ts';
import { uploadAttachment } from '#lib/server/attachments/attachments.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { m } from '#lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

const targetSchema = v.union([
	v.object({ entity: v.literal('customer') }),
	v.object({ entity: v.literal('contract'), entityId: attachmentIdSchema })
]);

/**
 * Raw upload: the file is the request body (not multipart, which SvelteKit buffers whole),
 * its name percent-encoded in X-File-Name, the target in the query string:
 * ?entity=customer or ?entity=contract&entityId=…  customers.edit is checked by the guard.
 */
export const POST: RequestHandler = async ({ params, request, url, locals }) => {
	const customerId = v.safeParse(attachmentIdSchema, params.id);
	if (!customerId.success) error(400, customerId.issues[0].message);
	const target = v.safeParse(targetSchema, Object.fromEntries(url.searchParams));
	if (!target.success) error(400, m.att_err_entity());
	let fileName: string;
	try {
		fileName = decodeURIComponent(request.headers.get('x-file-name') ?? '');
	} catch {
		error(400, m.att_err_file_name());
	}
	if (!fileName || fileName.length > 1000) error(400, m.att_err_file_name());
	if (!request.body) error(400, m.att_err_empty_file());
	const length = Number(request.headers.get('content-length'));
	const row = await uploadAttachment(getDb(), locals.user!, {
		customerId: customerId.output,
		entity: target.output.entity,
		entityId: target.output.entity === 'contract' ? target.output.entityId : customerId.output,
		fileName,
		body: request.body,
		declaredBytes: Number.isFinite(length) && length > 0 ? length : null
	}).catch(httpError);
	const { id, fileName: name, contentType, sizeBytes } = row;
	return json({ id, fileName: name, contentType, sizeBytes }, { status: 201 });
};
