/**
 * exceljs's streaming WorkbookReader decodes every inflated chunk of the sheet XML on its own
 * (lib/utils/parse-sax.js: TextDecoder.decode without {stream: true}), so a multi-byte UTF-8
 * character cut by a chunk boundary (every 16 KiB) turns into U+FFFD. Vietnamese text is
 * mostly multi-byte: on a 100k-row workbook a few dozen names, addresses or categories came
 * out as "Nguy��n" — some rejected, others imported corrupted. Upstream issue
 * exceljs/exceljs#2084 (open; fix PRs #1665, #2081, #2894 unmerged as of 4.4.0).
 *
 * This subclass hands the reader text decoded by a streaming decoder instead, which carries a
 * cut character over to the next chunk. exceljs passes strings through unchanged.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

async function* decodeUtf8(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
	const decoder = new StringDecoder('utf8');
	for await (const chunk of source) {
		const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
		if (text) yield text;
	}
	const rest = decoder.end();
	if (rest) yield rest;
}

type ReaderInternals = {
	_parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
	_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
};
const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

export class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
	// Shared strings arrive as the zip entry stream itself: let the stream decode.
	async *_parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
		entry.setEncoding('utf8');
		yield* base._parseSharedStrings.call(this, entry);
	}

	// Worksheets arrive as an iterator of chunks (the entry, or a temporary file when the
	// shared strings come after the sheet in the zip).
	*_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown> {
		yield* base._parseWorksheet.call(this, decodeUtf8(iterator), sheetNo);
	}
}
