/**
 * What makes one kind of import (customers, readings) different from another; everything else
 * (upload and storage, the batch's lifecycle, the jobs, the preview rows, the rejects workbook)
 * is shared. The parse job asks the kind to check a chunk of rows at a time; the commit job
 * asks it to write the batch's valid rows inside the one transaction it opened.
 */
import type { CellValue, HeaderMap } from '../../domain/import/columns.ts';
import type { Database } from '../db/connection.ts';
import type { Batch, StoredOutcome } from './import.repository.ts';

export interface ChunkRow {
	rowNo: number;
	raw: Partial<Record<string, CellValue>>;
}

/** Checks a chunk of rows (at most a few thousand) with a handful of queries, never per row. */
export type ChunkChecker = (
	rows: readonly ChunkRow[]
) => Promise<{ rowNo: number; outcome: StoredOutcome }[]>;

export interface CommitResult {
	/** The summary sentence shown on the batch, e.g. "Đã ghi 120 chỉ số". */
	message: string;
}

export interface ImportKind {
	/** Matches the sheet's header row to the kind's template columns. */
	matchHeader(texts: readonly (string | null)[]): HeaderMap<string>;
	/** Column key → its Vietnamese header, for messages about missing columns. */
	headerOf: Record<string, string>;
	/** Loads what the whole file is checked against (references, scope, period) once. */
	checker(db: Database, batch: Batch): Promise<ChunkChecker>;
	/**
	 * Writes every valid row of the batch in `trx`; throws to write nothing. `progress` takes a
	 * fraction of the work done (0…1); it is reported outside the transaction.
	 */
	commit(
		trx: Database,
		batch: Batch,
		progress: (fraction: number) => Promise<void>
	): Promise<CommitResult>;
	/**
	 * Tells the screens about a committed batch (realtime events). Called in the process that
	 * holds the socket.io server: after the job's thread ended, or after an in-process commit.
	 */
	announce?(db: Database, batch: Batch): Promise<void>;
}
