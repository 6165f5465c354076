/**
 * SQL for imported bank statements (sao kê) and their lines. Every uploaded line is stored:
 * matched (with its receipt), unmatched (waiting for review, with the reason), ignored (with
 * a note), rejected (unreadable, with the reason) or a duplicate of a line imported before.
 * Money is integer VND.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export type LineStatus = 'matched' | 'unmatched' | 'ignored' | 'rejected' | 'duplicate';

/** Imports queue one after another, so two uploads of one file cannot both pay a line. */
export async function lockImports(db: Db): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext('waterline.bank_statement'))`.execute(db);
}

export async function insertStatement(
	db: Db,
	s: { fileName: string; sha256: string; uploadedBy: number; uploadedAt: Date }
): Promise<number> {
	const { rows } = await sql<{ id: number }>`
		insert into bank_statement (file_name, file_sha256, uploaded_by, uploaded_at)
		values (${s.fileName}, ${s.sha256}, ${s.uploadedBy}, ${s.uploadedAt}) returning id::int as id`.execute(
		db
	);
	return rows[0].id;
}

export async function statementsBySha(db: Db, sha256: string) {
	const { rows } = await sql<{ id: number }>`
		select id::int as id from bank_statement where file_sha256 = ${sha256} order by id`.execute(db);
	return rows.map((r) => r.id);
}

/** The line already holding this transfer (matched, unmatched or ignored), if any. */
export async function lineByDedupeKey(db: Db, key: string) {
	const { rows } = await sql<{ id: number; statementId: number; rowNo: number }>`
		select id::int as id, statement_id::int as "statementId", row_no as "rowNo"
		from bank_statement_line
		where dedupe_key = ${key} and status in ('matched', 'unmatched', 'ignored')`.execute(db);
	return rows[0];
}

export async function customerByCode(db: Db, code: string) {
	const { rows } = await sql<{ id: number; code: string; routeId: number | null }>`
		select id, code, route_id as "routeId" from customer where code = ${code}`.execute(db);
	return rows[0];
}

export interface LineWrite {
	statementId: number;
	rowNo: number;
	bookedOn: string | null;
	amountVnd: number | null;
	description: string | null;
	bankRef: string | null;
	raw: unknown;
	status: LineStatus;
	reason: string | null;
	dedupeKey: string | null;
	customerId: number | null;
	receiptId: number | null;
}

export async function insertLine(db: Db, l: LineWrite): Promise<number> {
	const { rows } = await sql<{ id: number }>`
		insert into bank_statement_line (statement_id, row_no, booked_on, amount_vnd, description,
			bank_ref, raw, status, reason, dedupe_key, customer_id, receipt_id)
		values (${l.statementId}, ${l.rowNo}, ${l.bookedOn}, ${l.amountVnd}, ${l.description},
			${l.bankRef}, ${l.raw}::jsonb, ${l.status}, ${l.reason}, ${l.dedupeKey}, ${l.customerId},
			${l.receiptId})
		returning id::int as id`.execute(db);
	return rows[0].id;
}

/** Recounts the statement's lines by status (after an import or a review). */
export async function recount(db: Db, statementId: number): Promise<void> {
	await sql`update bank_statement s set
			total_lines = c.total, matched_lines = c.matched, unmatched_lines = c.unmatched,
			rejected_lines = c.rejected, duplicate_lines = c.duplicate
		from (select count(*)::int as total,
				count(*) filter (where status = 'matched')::int as matched,
				count(*) filter (where status = 'unmatched')::int as unmatched,
				count(*) filter (where status = 'rejected')::int as rejected,
				count(*) filter (where status = 'duplicate')::int as duplicate
			from bank_statement_line where statement_id = ${statementId}) c
		where s.id = ${statementId}`.execute(db);
}

export interface StatementRow {
	id: number;
	fileName: string;
	uploadedAt: Date;
	uploadedBy: string | null;
	totalLines: number;
	matchedLines: number;
	unmatchedLines: number;
	rejectedLines: number;
	duplicateLines: number;
}

const statementSelect = sql`
	select s.id::int as id, s.file_name as "fileName", s.uploaded_at as "uploadedAt",
		st.full_name as "uploadedBy", s.total_lines as "totalLines",
		s.matched_lines as "matchedLines", s.unmatched_lines as "unmatchedLines",
		s.rejected_lines as "rejectedLines", s.duplicate_lines as "duplicateLines"
	from bank_statement s left join staff st on st.id = s.uploaded_by`;

export async function listStatements(db: Db, limit = 50): Promise<StatementRow[]> {
	const { rows } = await sql<StatementRow>`${statementSelect}
		order by s.uploaded_at desc, s.id desc limit ${limit}`.execute(db);
	return rows;
}

export async function findStatement(db: Db, id: number): Promise<StatementRow | undefined> {
	const { rows } = await sql<StatementRow>`${statementSelect} where s.id = ${id}`.execute(db);
	return rows[0];
}

export interface LineRow {
	id: number;
	statementId: number;
	rowNo: number;
	bookedOn: string | null;
	amountVnd: number | null;
	description: string | null;
	bankRef: string | null;
	status: LineStatus;
	reason: string | null;
	note: string | null;
	customerCode: string | null;
	receiptId: number | null;
	receiptNumber: string | null;
}

const lineSelect = sql`
	select l.id::int as id, l.statement_id::int as "statementId", l.row_no as "rowNo",
		l.booked_on::text as "bookedOn", l.amount_vnd::float8 as "amountVnd", l.description,
		l.bank_ref as "bankRef", l.status, l.reason, l.note, c.code as "customerCode",
		l.receipt_id::int as "receiptId", r.number as "receiptNumber"
	from bank_statement_line l left join customer c on c.id = l.customer_id
		left join receipt r on r.id = l.receipt_id`;

export async function statementLines(db: Db, statementId: number): Promise<LineRow[]> {
	const { rows } = await sql<LineRow>`${lineSelect}
		where l.statement_id = ${statementId} order by l.row_no`.execute(db);
	return rows;
}

/** The review queue: unmatched lines of every statement, oldest booking first. */
export async function unmatchedLines(db: Db, limit = 500): Promise<LineRow[]> {
	const { rows } = await sql<LineRow>`${lineSelect}
		where l.status = 'unmatched' order by l.booked_on, l.statement_id, l.row_no
		limit ${limit}`.execute(db);
	return rows;
}

export async function lockLine(db: Db, id: number) {
	const { rows } = await sql<{
		id: number;
		statementId: number;
		status: LineStatus;
		amountVnd: number | null;
		bookedOn: string | null;
		bankRef: string | null;
	}>`select id::int as id, statement_id::int as "statementId", status,
			amount_vnd::float8 as "amountVnd", booked_on::text as "bookedOn", bank_ref as "bankRef"
		from bank_statement_line where id = ${id} for update`.execute(db);
	return rows[0];
}

export async function resolveLine(
	db: Db,
	id: number,
	r: {
		status: 'matched' | 'ignored';
		customerId: number | null;
		receiptId: number | null;
		note: string | null;
		by: number;
		at: Date;
	}
): Promise<void> {
	await sql`update bank_statement_line set status = ${r.status}, customer_id = ${r.customerId},
			receipt_id = ${r.receiptId}, note = ${r.note}, reviewed_by = ${r.by}, reviewed_at = ${r.at}
		where id = ${id}`.execute(db);
}

/** A voided receipt's bank line goes back to review with the reason; returns its id. */
export async function releaseLineOfReceipt(
	db: Db,
	receiptId: number,
	reason: string
): Promise<number | undefined> {
	const { rows } = await sql<{ id: number; statementId: number }>`
		update bank_statement_line set status = 'unmatched', receipt_id = null,
			reason = ${reason.slice(0, 500)}
		where receipt_id = ${receiptId}
		returning id::int as id, statement_id::int as "statementId"`.execute(db);
	if (rows[0]) await recount(db, rows[0].statementId);
	return rows[0]?.id;
}

/** The rejected lines with their cells as uploaded, for the annotated workbook. */
export async function rejectedLines(db: Db, statementId: number) {
	const { rows } = await sql<{ rowNo: number; raw: { header?: unknown[]; cells?: unknown[] } }>`
		select row_no as "rowNo", raw from bank_statement_line
		where statement_id = ${statementId} and status = 'rejected' order by row_no`.execute(db);
	return rows;
}
