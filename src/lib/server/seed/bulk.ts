/**
 * Two bulk paths behind one interface, both inside the caller's transaction:
 *  - 'copy': COPY … FROM STDIN (text format) through postgres.js, for real PostgreSQL;
 *  - 'insert': INSERT … SELECT FROM unnest($1::int4[], …) in batches, for the embedded PGlite
 *    behind pglite-socket, whose wire protocol server loses sync on COPY FROM STDIN.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type postgres from 'postgres';
import type { ColumnKind, TableSpec, Value } from './tables.ts';

export type BulkMode = 'copy' | 'insert';

export interface BulkWriter {
	write<R>(spec: TableSpec<R>, rows: readonly R[]): Promise<void>;
}

export function bulkWriter(tx: postgres.TransactionSql, mode: BulkMode): BulkWriter {
	const insert = insertWriter(tx);
	if (mode === 'insert') return insert;
	const copy = copyWriter(tx);
	return {
		// A COPY costs extra round trips (CopyIn, CopyDone, completion); for small sets one
		// INSERT statement is cheaper.
		write: (spec, rows) => (rows.length < COPY_MIN_ROWS ? insert : copy).write(spec, rows)
	};
}

const COPY_MIN_ROWS = 2_000;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = {
	'\\': '\\\\',
	'\t': '\\t',
	'\n': '\\n',
	'\r': '\\r'
};

/** One value in COPY text format. */
export function copyValue(v: Value): string {
	if (v === null) return '\\N';
	if (typeof v === 'number') return String(v);
	return COPY_SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : v;
}

/** Rows per socket write: ~0.1–1 MB of text, so memory stays flat whatever the chunk size. */
const COPY_PIECE = 2_000;

function copyWriter(tx: postgres.TransactionSql): BulkWriter {
	return {
		async write(spec, rows) {
			if (rows.length === 0) return;
			const cols = spec.columns.map((c) => c.name).join(', ');
			const query = tx.unsafe(`copy ${spec.table} (${cols}) from stdin`);
			// postgres.js 3.4 never settles the writable when the server rejects the COPY after
			// CopyDone (porsager/postgres#1173, e.g. a foreign key checked at the end), and the
			// error is passed only to the query's reject. Hook it, so a failure surfaces and the
			// transaction rolls back instead of hanging.
			const failed = new Promise<never>((_, reject) => {
				const q = query as unknown as { reject: (e: unknown) => void };
				const original = q.reject;
				q.reject = (error) => {
					reject(error);
					original(error);
				};
			});
			failed.catch(() => {});
			const stream: Writable = await query.writable();
			const getters = spec.columns.map((c) => c.get);
			for (let k = 0; k < rows.length; k += COPY_PIECE) {
				let text = '';
				const end = Math.min(rows.length, k + COPY_PIECE);
				for (let i = k; i < end; i++) {
					const row = rows[i];
					let line = copyValue(getters[0](row));
					for (let c = 1; c < getters.length; c++) line += '\t' + copyValue(getters[c](row));
					text += line + '\n';
				}
				if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
			}
			stream.end();
			await Promise.race([finished(stream), failed]);
		}
	};
}

const ARRAY_TYPE: Record<ColumnKind, string> = {
	int: 'int4[]',
	bigint: 'int8[]',
	numeric: 'numeric[]',
	text: 'text[]',
	date: 'date[]',
	timestamptz: 'timestamptz[]',
	geometry: 'text[]'
};

/** A PostgreSQL array literal of one column's values. */
export function arrayLiteral(kind: ColumnKind, values: Value[]): string {
	const quoted =
		kind === 'text' || kind === 'geometry' || kind === 'timestamptz' || kind === 'date';
	let out = '{';
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (i) out += ',';
		if (v === null) out += 'NULL';
		else if (!quoted) out += String(v);
		else out += '"' + String(v).replace(/[\\"]/g, (c) => '\\' + c) + '"';
	}
	return out + '}';
}

/** Rows per INSERT: large enough to amortise a round trip, small enough for PGlite's memory. */
const INSERT_BATCH = 5_000;

function insertWriter(tx: postgres.TransactionSql): BulkWriter {
	return {
		async write(spec, rows) {
			if (rows.length === 0) return;
			const names = spec.columns.map((c) => c.name);
			const params = spec.columns.map((c, k) => `$${k + 1}::${ARRAY_TYPE[c.kind]}`);
			const select = spec.columns.map((c, k) =>
				c.kind === 'geometry' ? `c${k}::geometry` : `c${k}`
			);
			const text =
				`insert into ${spec.table} (${names.join(', ')})` +
				(spec.identity ? ' overriding system value' : '') +
				` select ${select.join(', ')} from unnest(${params.join(', ')})` +
				` as u(${names.map((_, k) => `c${k}`).join(', ')})`;
			for (let k = 0; k < rows.length; k += INSERT_BATCH) {
				const batch = rows.slice(k, k + INSERT_BATCH);
				const args = spec.columns.map((c) => arrayLiteral(c.kind, batch.map(c.get)));
				await tx.unsafe(text, args);
			}
		}
	};
}
