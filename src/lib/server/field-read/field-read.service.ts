/**
 * The field reading app's server side: the reader's sheet for the open period (what the phone
 * keeps for reading offline) and a reading sent with its meter photo.
 *
 * A reading and its photo commit together. storeUpload (attachments.service.ts) opens its own
 * transaction and keeps no client key, so the photo is checked with the same sniffing and size
 * limit, staged on disk first, and filed inside the reading's transaction: its row (entity
 * 'reading', client_key = the reading's key) and the move into place are the last steps before
 * the commit. A refusal (bad photo, bad index, locked period) leaves neither a reading, nor a
 * row, nor a file; a replay of the key answers with the stored reading and stores nothing.
 */
import * as v from 'valibot';
import { mean } from '../../domain/readings/anomalies.ts';
import { m3 } from '../../domain/readings/meter-index.ts';
import type { Notice, ReaderSheet, SheetCustomer } from '../../field/read/sheet-logic.ts';
import { storageFromConfig, type AttachmentStorage } from '../attachments/attachments.storage.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { parseInput } from '../http/refusal.ts';
import { publish } from '../realtime/publish.ts';
import { readingRules } from '../readings/readings.repository.ts';
import { ReadingError, readingInputSchema } from '../readings/readings.schemas.ts';
import {
	contextOf,
	readingRooms,
	recordInTransaction,
	requireOpenPeriod,
	type RecordedReading
} from '../readings/readings.service.ts';
import { sheetRows, type SheetRow } from '../readings/sheet.repository.ts';
import * as repo from './field-read.repository.ts';

export type { ReaderSheet, SheetCustomer } from '../../field/read/sheet-logic.ts';
import { checkPhoto, stagePhoto, type StagedPhoto } from './reading-photo.ts';

export const sheetQuerySchema = v.object({
	routeId: v.optional(
		v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be a route id'), v.transform(Number))
	)
});

function sheetCustomer(row: SheetRow): SheetCustomer {
	const notices: Notice[] = [];
	if (row.status !== 'active') notices.push(row.status);
	if (row.replacement_id !== null) notices.push('meter_replaced');
	if (row.meter_id === null) notices.push('no_meter');
	const avg = mean(row.history.slice(0, 3).map(Number));
	return {
		id: row.customer_id,
		code: row.code,
		name: row.name,
		address: row.address,
		seq: row.route_seq,
		lon: row.lon,
		lat: row.lat,
		meter:
			row.meter_id === null
				? null
				: { serial: row.meter_serial ?? '', dialDigits: row.dial_digits ?? 5 },
		startIndex: row.start_index,
		history: row.history.map(Number),
		averageM3: avg === null ? null : m3(avg),
		notices,
		replacedOn: row.replaced_on,
		context: row.meter_id === null ? null : contextOf(row),
		reading:
			row.reading_id === null
				? null
				: {
						id: row.reading_id,
						kind: row.kind ?? 'actual',
						currentIndex: row.current_index,
						consumptionM3: row.consumption_m3,
						flags: row.flags,
						reviewStatus: row.review_status,
						noteCode: row.note_code,
						readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
						photoCount: row.photo_count
					}
	};
}

/**
 * The sheet of the open period: a scoped reader gets all their routes (or the one asked for);
 * an unscoped user (office staff trying the app) picks one route, so nothing loads unasked.
 */
export async function readerSheet(
	db: Database,
	user: SessionUser,
	query: v.InferOutput<typeof sheetQuerySchema>
): Promise<ReaderSheet> {
	const period = await requireOpenPeriod(db);
	const choices = await repo.routesInScope(db, user.routeIds);
	const wanted =
		query.routeId !== undefined
			? choices.filter((r) => r.id === query.routeId)
			: user.routeIds === null
				? []
				: choices;
	if (query.routeId !== undefined && wanted.length === 0)
		throw new ReadingError(404, 'routeId', `tuyến ${query.routeId} không thuộc phạm vi của bạn`);
	const { autoLockDays: _autoLock, ...rules } = await readingRules(db);
	const routes = [];
	for (const route of wanted) {
		const rows = await sheetRows(db, period.id, { routeId: route.id });
		routes.push({ ...route, customers: rows.map(sheetCustomer) });
	}
	return {
		period: { id: period.id, month: period.period_month },
		rules,
		scoped: user.routeIds !== null,
		choices,
		routes,
		at: new Date().toISOString()
	};
}

/** The reading part of the multipart body: the grid's input, with the tap's key required. */
export const fieldReadingSchema = v.object({
	...readingInputSchema.entries,
	clientKey: v.pipe(v.string('required'), v.uuid('must be a UUID'))
});

export interface FieldReadingResult {
	reading: Pick<RecordedReading, 'id' | 'consumptionM3' | 'kind' | 'flags' | 'reviewStatus'>;
	photoId: number | null;
	replayed: boolean;
}

/**
 * Records a reading with its optional photo (see the file comment for the order). `readingJson`
 * is the text of the `reading` part; `photo` the file part, if any.
 */
export async function recordFieldReading(
	db: Database,
	user: SessionUser,
	parts: { readingJson: string | null; photo: File | null },
	storage: AttachmentStorage = storageFromConfig()
): Promise<FieldReadingResult> {
	if (parts.readingJson === null)
		throw new ReadingError(400, 'reading', 'bắt buộc: phần «reading» (JSON) của biểu mẫu');
	let raw: unknown;
	try {
		raw = JSON.parse(parts.readingJson);
	} catch {
		throw new ReadingError(400, 'reading', 'phần «reading» không phải JSON hợp lệ');
	}
	const input = parseInput(fieldReadingSchema, raw);
	// Checked before anything is written: a refused photo stores nothing at all.
	const checked = parts.photo ? await checkPhoto(parts.photo, storage) : null;
	const options = { source: 'field', photo: checked ? 'present' : 'missing' } as const;
	const staged = checked ? await stagePhoto(checked, storage) : null;
	try {
		const done = await db.transaction().execute(async (trx) => {
			const recorded = await recordInTransaction(trx, user, input, options);
			if (recorded.replayed)
				return {
					recorded,
					photoId: await repo.photoIdByClientKey(trx, input.clientKey),
					routeId: null
				};
			const photoId = staged ? await filePhoto(trx, user, recorded, input.clientKey, staged) : null;
			return { recorded, photoId, routeId: await repo.customerRouteId(trx, recorded.customerId) };
		});
		if (done.recorded.replayed) await staged?.discard();
		else
			publish(readingRooms(done.routeId ?? null), {
				type: 'reading:changed',
				ids: {
					readingId: done.recorded.id,
					customerId: done.recorded.customerId,
					periodId: done.recorded.periodId
				}
			});
		return result(done.recorded, done.photoId);
	} catch (err) {
		await staged?.discard();
		// Two sends of one key at once: the loser's unique violation answers with the winner's.
		if ((err as { code?: string }).code === '23505') {
			const again = await db
				.transaction()
				.execute((trx) => recordInTransaction(trx, user, input, options));
			if (again.replayed) return result(again, await repo.photoIdByClientKey(db, input.clientKey));
		}
		throw err;
	}
}

/** The photo's row and audit entry, then the file into place: the transaction's last steps. */
async function filePhoto(
	trx: Database,
	user: SessionUser,
	recorded: RecordedReading,
	clientKey: string,
	staged: StagedPhoto
): Promise<number> {
	const values = {
		readingId: recorded.id,
		customerId: recorded.customerId,
		clientKey,
		fileName: staged.fileName,
		contentType: staged.contentType,
		sizeBytes: staged.bytes.byteLength,
		sha256: staged.sha256,
		storageKey: staged.storageKey,
		uploadedBy: user.id
	};
	const id = await repo.insertReadingPhoto(trx, values);
	await writeAudit(trx, {
		actorId: user.id,
		entity: 'attachment',
		entityId: id,
		action: 'create',
		newValues: {
			customer_id: values.customerId,
			entity: 'reading',
			entity_id: values.readingId,
			file_name: values.fileName,
			content_type: values.contentType,
			size_bytes: values.sizeBytes,
			sha256: values.sha256
		}
	});
	await staged.place();
	return id;
}

const result = (r: RecordedReading, photoId: number | null): FieldReadingResult => ({
	reading: {
		id: r.id,
		consumptionM3: r.consumptionM3,
		kind: r.kind,
		flags: r.flags,
		reviewStatus: r.reviewStatus
	},
	photoId,
	replayed: r.replayed
});
