/**
 * Reads the first sheet of an uploaded workbook with exceljs's streaming reader (made safe for
 * multi-byte characters cut between chunks, see utf8-workbook-reader.ts): header row,
 * then data rows as template columns → plain cell values, one at a time. Rows with nothing in
 * them (blank trailing rows, spacer rows) are skipped. A merged range's value (kept by Excel in
 * its top-left cell only) counts for every cell of the range, as the user sees it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { isBlank, plainCell, textCell } from '../../domain/import/cells.ts';
import {
	mapHeader,
	type ColumnKey,
	type HeaderMap,
	type RawRowOf
} from '../../domain/import/columns.ts';
import { readMerges } from './merges.ts';
import { Utf8WorkbookReader } from './utf8-workbook-reader.ts';

export interface SheetRow<K extends string = ColumnKey> {
	rowNo: number;
	raw: RawRowOf<K>;
	/** Every cell by column number, for copying the row as it was. */
	cells: (ReturnType<typeof plainCell> | undefined)[];
}

/** `matchHeader` is the import kind's header matcher (the customer template's by default). */
export async function* readSheet<K extends string = ColumnKey>(
	file: string,
	onHeader: (header: HeaderMap<K>, texts: (string | null)[]) => void,
	onBytes: (fraction: number) => void = () => {},
	matchHeader: (texts: readonly (string | null)[]) => HeaderMap<K> = mapHeader as never
): AsyncGenerator<SheetRow<K>> {
	const size = (await stat(file)).size || 1;
	let read = 0;
	const counter = new Transform({
		transform(chunk: Buffer, _e, done) {
			read += chunk.length;
			onBytes(read / size);
			done(null, chunk);
		}
	});
	const reader = new Utf8WorkbookReader(createReadStream(file).pipe(counter), {
		worksheets: 'emit',
		sharedStrings: 'cache',
		hyperlinks: 'ignore',
		styles: 'ignore',
		entries: 'emit'
	});
	const merges = (await readMerges(file).catch(() => [])).filter(
		(m) => m.bottom > m.top || m.right > m.left
	);
	const masters = new Map<number, ReturnType<typeof plainCell>>();
	let header: HeaderMap<K> | null = null;
	for await (const worksheet of reader) {
		for await (const row of worksheet) {
			const values = row.values as unknown[];
			const cells = values.map((v) => (v === undefined ? undefined : plainCell(v)));
			merges.forEach((m, i) => {
				if (row.number < m.top || row.number > m.bottom) return;
				if (row.number === m.top) masters.set(i, cells[m.left] ?? null);
				const value = masters.get(i) ?? null;
				for (let c = m.left; c <= m.right; c++)
					if (cells[c] === undefined || isBlank(cells[c] ?? null)) cells[c] = value;
			});
			if (!header) {
				const texts = cells.map((c) => (c === undefined ? null : textCell(c)));
				header = matchHeader(texts);
				onHeader(header, texts);
				continue;
			}
			if (cells.every((c) => c === undefined || isBlank(c))) continue;
			const raw: RawRowOf<K> = {};
			for (const [col, key] of header.columns) {
				const value = cells[col];
				if (value !== undefined) raw[key] = value;
			}
			yield { rowNo: row.number, raw, cells };
		}
		// Only the first sheet is data (the template's second sheet is the instructions).
		break;
	}
}
