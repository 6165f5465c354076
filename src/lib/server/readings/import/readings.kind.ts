/**
 * Readings received as a workbook, as a kind of import. Parse: per chunk of rows, the codes'
 * customers (one query) and their route sheet in the batch's period (sheetRows, one query),
 * then each row is checked and evaluated by the domain (validate-reading.ts), flags included.
 * Commit: each valid row, in file order, goes through recordInTransaction (the same path as
 * the grid and the field app: period open, route scope, dial, consumption, flags, audit) in
 * the commit's one transaction; any refusal, a period locked since the preview among them,
 * rolls the whole batch back.
 */
import { mapReadingHeader, readingHeaderOf } from '../../../domain/import/reading-columns.ts';
import {
	readingRowCode,
	validateReadingRow,
	type ReadingCustomerFacts,
	type ReadingImportData,
	type ReadingImportRefs
} from '../../../domain/import/validate-reading.ts';
import { writeAudit } from '../../audit/audit.repository.ts';
import type { Database } from '../../db/connection.ts';
import { RequestError } from '../../http/refusal.ts';
import type { ImportKind } from '../../import/import-kind.ts';
import type { Batch } from '../../import/import.repository.ts';
import { publish } from '../../realtime/publish.ts';
import { findPeriod, readingRules } from '../readings.repository.ts';
import {
	contextOf,
	readingRooms,
	recordInTransaction,
	requireOpenPeriod,
	ReadingError
} from '../readings.service.ts';
import { sheetRows, type SheetRow } from '../sheet.repository.ts';
import {
	customerIdsByCode,
	routesOfBatch,
	staffAsUser,
	validRows
} from './readings-import.repository.ts';

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

/** Today's calendar date in Vietnam, 'YYYY-MM-DD'. */
export const todayVn = (now = new Date()) => today.format(now);

function factsOf(row: SheetRow): ReadingCustomerFacts {
	return {
		id: row.customer_id,
		name: row.name,
		routeId: row.route_id,
		meterSerial: row.meter_serial,
		context: row.meter_id === null ? null : contextOf(row),
		existing:
			row.reading_id === null
				? null
				: {
						currentIndex: row.current_index,
						consumptionM3: row.consumption_m3,
						kind: row.kind ?? 'actual',
						source: row.source
					}
	};
}

/**
 * When a row's reading was taken: its day at noon in Vietnam (the hour is not in the file),
 * never later than now; a row without a date was read on the day of the commit.
 */
export function readAtOf(readOn: string | null, now = new Date()): Date | undefined {
	if (!readOn) return undefined;
	const noon = new Date(`${readOn}T12:00:00+07:00`);
	return noon > now ? now : noon;
}

async function uploader(db: Database, batch: Batch) {
	const user = batch.createdBy === null ? null : await staffAsUser(db, batch.createdBy);
	if (!user) throw new ReadingError(409, 'batch', 'người tải tệp lên không còn hoạt động');
	return user;
}

export const readingsKind: ImportKind = {
	matchHeader: mapReadingHeader,
	headerOf: readingHeaderOf,

	async checker(db, batch) {
		const period = await findPeriod(db, batch.periodId!);
		if (!period) throw new Error(`kỳ ghi ${batch.periodId} không tồn tại`);
		const user = await uploader(db, batch);
		const refs: ReadingImportRefs = {
			period: { month: period.period_month, status: period.status },
			today: todayVn(),
			scopeRouteIds: user.routeIds ? new Set(user.routeIds) : null,
			rules: await readingRules(db)
		};
		const seen = new Map<string, number>();
		return async (chunk) => {
			const codes = [...new Set(chunk.flatMap((r) => readingRowCode(r.raw) ?? []))];
			const ids = await customerIdsByCode(db, codes);
			const rows = ids.size
				? await sheetRows(db, period.id, { customerIds: [...ids.values()] })
				: [];
			const customers = new Map(rows.map((r) => [r.code, factsOf(r)]));
			return chunk.map((r) => ({
				rowNo: r.rowNo,
				outcome: validateReadingRow(r.rowNo, r.raw, refs, customers, seen)
			}));
		};
	},

	async commit(trx, batch, progress) {
		const user = await uploader(trx, batch);
		// The period first: locked or closed since the preview, nothing is written.
		const period = await requireOpenPeriod(trx, batch.periodId!);
		const rows = await validRows(trx, batch.id);
		const counts = { create: 0, update: 0, flagged: 0 };
		const readingIds: number[] = [];
		for (const [i, row] of rows.entries()) {
			const d: ReadingImportData = row.data;
			const recorded = await recordInTransaction(
				trx,
				user,
				{
					customerId: d.customer_id,
					periodId: period.id,
					index: d.index ?? undefined,
					noteCode: d.note_code,
					note: d.note,
					readAt: readAtOf(d.read_on)
				},
				{ source: 'import', photo: 'not_required' }
			).catch((err: unknown) => {
				// A row that became invalid since the preview fails the batch, saying which row.
				if (err instanceof RequestError && err.field !== 'period')
					throw new ReadingError(err.status, err.field, `dòng ${row.rowNo}: ${err.reason}`);
				throw err;
			});
			readingIds.push(recorded.id);
			counts[row.action]++;
			if (recorded.reviewStatus === 'flagged') counts.flagged++;
			if (i % 200 === 199) await progress(i / rows.length);
		}
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'import_batch',
			entityId: batch.id,
			action: 'readings.import',
			newValues: {
				period_id: period.id,
				file_name: batch.fileName,
				created: counts.create,
				updated: counts.update,
				flagged: counts.flagged,
				reading_ids: readingIds
			}
		});
		return {
			message:
				`Đã ghi ${counts.create + counts.update} chỉ số (${counts.create} mới, ` +
				`${counts.update} ghi đè); ${counts.flagged} chỉ số bất thường chờ duyệt`
		};
	},

	async announce(db, batch) {
		const routes = await routesOfBatch(db, batch.id);
		const ids = { periodId: batch.periodId ?? 0, importBatchId: batch.id };
		publish(readingRooms(null), { type: 'reading:changed', ids });
		for (const routeId of routes)
			publish([`route:${routeId}`], { type: 'reading:changed', ids: { ...ids, routeId } });
	}
};
