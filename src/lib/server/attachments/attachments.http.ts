import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { contentDisposition, previewable } from '../../domain/attachments/file-kind.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { AttachmentError, openAttachment, type AttachmentRow } from './attachments.service.ts';

// Ids are bigint in the table but far below 2^53; at most 15 digits keeps them exact.
export const attachmentIdSchema = v.pipe(
	v.string(),
	v.regex(/^\d{1,15}$/, 'id: must be a whole number'),
	v.transform(Number)
);

/** Turns a service refusal into the HTTP error it names; anything else is rethrown. */
export function httpError(err: unknown): never {
	if (err instanceof AttachmentError) error(err.status, err.message);
	throw err;
}

// A previewed file is shown by the browser itself: nothing in it may run or load anything,
// and only this application may frame it. Chromium's PDF viewer refuses a sandboxed
// document, so PDFs get the same policy without `sandbox`.
const previewCsp = (mime: string) =>
	`default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'` +
	(mime === 'application/pdf' ? '' : '; sandbox');

/**
 * The stored file as a streamed response: as a download, or inline for the kinds a browser
 * shows (PDF and JPEG/PNG/WebP; HEIC and TIFF are downloaded even when previewed).
 */
export async function fileResponse(
	db: Database,
	user: SessionUser,
	rawId: string,
	mode: 'download' | 'preview'
): Promise<Response> {
	const id = v.safeParse(attachmentIdSchema, rawId);
	if (!id.success) error(400, id.issues[0].message);
	return streamFile(await openAttachment(db, user, id.output).catch(httpError), mode);
}

/** A file whose access the caller has checked, as the response fileResponse describes. */
export function streamFile(
	file: { row: AttachmentRow; path: string; size: number },
	mode: 'download' | 'preview'
): Response {
	const inline = mode === 'preview' && previewable.has(file.row.contentType);
	const headers = new Headers({
		'content-type': file.row.contentType,
		'content-length': String(file.size),
		'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.row.fileName),
		'x-content-type-options': 'nosniff',
		'cache-control': 'private, no-store',
		'content-security-policy': previewCsp(file.row.contentType),
		'x-frame-options': 'SAMEORIGIN'
	});
	const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
	return new Response(body, { headers });
}
