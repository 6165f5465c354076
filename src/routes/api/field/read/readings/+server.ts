import { json } from '@sveltejs/kit';
import { storageFromConfig } from '#lib/server/attachments/attachments.storage.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { recordFieldReading } from '#lib/server/field-read/field-read.service.ts';
import { tooLarge } from '#lib/server/field-read/reading-photo.ts';
import { handle } from '#lib/server/http/refusal.ts';
import { ReadingError } from '#lib/server/readings/readings.schemas.ts';
import type { RequestHandler } from './$types';

// Room for the `reading` JSON part and the multipart framing beside the photo, bytes.
const framingBytes = 64 * 1024;

/**
 * One reading from the field app as multipart/form-data: a `reading` JSON part and an
 * optional `photo` file part (201; a replay of its clientKey answers 200, replayed: true).
 * The body is buffered by formData(), so a declared size past the photo limit is refused
 * before it is read.
 */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const storage = storageFromConfig();
		const length = Number(request.headers.get('content-length'));
		if (Number.isFinite(length) && length > storage.maxBytes + framingBytes)
			throw tooLarge(length, storage);
		if (!/^multipart\/form-data/i.test(request.headers.get('content-type') ?? ''))
			throw new ReadingError(415, 'body', 'gửi dạng multipart/form-data (phần reading và photo)');
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			throw new ReadingError(400, 'body', 'biểu mẫu multipart không đọc được');
		}
		const part = form.get('reading');
		const photo = form.get('photo');
		const readingJson = part === null ? null : typeof part === 'string' ? part : await part.text();
		// A text field named photo is checked like a file (and refused as not an image); an
		// empty, unnamed file is what a form sends when no photo was chosen.
		const file = typeof photo === 'string' ? new File([photo], 'photo') : photo;
		const done = await recordFieldReading(
			getDb(),
			locals.user!,
			{ readingJson, photo: file && (file.size > 0 || file.name) ? file : null },
			storage
		);
		return json(
			{ reading: done.reading, photoId: done.photoId, replayed: done.replayed },
			{ status: done.replayed ? 200 : 201 }
		);
	});
