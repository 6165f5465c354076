import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can } from '#lib/domain/access/permissions.ts';
import { attachmentIdSchema, httpError } from '#lib/server/attachments/attachments.http.ts';
import {
	AttachmentError,
	deleteAttachment,
	listAttachments
} from '#lib/server/attachments/attachments.service.ts';
import { storageFromConfig } from '#lib/server/attachments/attachments.storage.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { customerMeterPhotos } from '#lib/server/readings/review-list.service.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

// customers.access (and delete for the action) is checked by the guard; route scope by the service.
export const load: PageServerLoad = async ({ params, locals }) => {
	const customerId = v.safeParse(attachmentIdSchema, params.id);
	if (!customerId.success) error(400, customerId.issues[0].message);
	const user = locals.user!;
	const { attachments, contracts } = await listAttachments(getDb(), user, customerId.output).catch(
		httpError
	);
	// Meter photos of the customer's readings, with their period (issue 6: shown in the card).
	const meterPhotos = await customerMeterPhotos(getDb(), user, customerId.output);
	return {
		customerId: customerId.output,
		// Storage keys and hashes stay on the server.
		attachments: attachments.map(({ storageKey: _k, sha256: _s, ...rest }) => rest),
		contracts,
		meterPhotos,
		maxMb: storageFromConfig().maxBytes / 1024 / 1024,
		canUpload: can(user.permissions, 'customers', 'edit'),
		canDelete: can(user.permissions, 'customers', 'delete')
	};
};

export const actions: Actions = {
	deleteAttachment: async ({ request, locals }) => {
		const form = await request.formData();
		const id = v.safeParse(attachmentIdSchema, String(form.get('id') ?? ''));
		if (!id.success) return fail(400, { error: id.issues[0].message });
		try {
			const row = await deleteAttachment(getDb(), locals.user!, id.output);
			return { deleted: m.att_deleted({ name: row.fileName }) };
		} catch (err) {
			if (err instanceof AttachmentError) return fail(err.status, { error: err.message });
			throw err;
		}
	}
};
