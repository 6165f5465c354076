import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Payments: the cashier's submission key on receipts (one submission makes one receipt per
 * customer, so a double click finds them by key and customer and pays nothing twice), and
 * imported bank statements (sao kê) with every line kept: matched to a receipt, left for
 * review, ignored with a note, rejected with the reason, or a duplicate of a line already
 * imported. Amounts are integer VND.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	alter table receipt add column client_key uuid;
	create unique index receipt_client_key_customer_key on receipt (client_key, customer_id)
		where client_key is not null;

	create table bank_statement (
		id bigint generated always as identity primary key,
		file_name text not null check (length(file_name) between 1 and 255),
		-- sha-256 of the uploaded bytes, hex; the same file again is recognised and named.
		file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
		uploaded_by integer references staff(id),
		uploaded_at timestamptz not null default now(),
		total_lines integer not null default 0 check (total_lines >= 0),
		matched_lines integer not null default 0 check (matched_lines >= 0),
		unmatched_lines integer not null default 0 check (unmatched_lines >= 0),
		rejected_lines integer not null default 0 check (rejected_lines >= 0),
		duplicate_lines integer not null default 0 check (duplicate_lines >= 0)
	);
	create index bank_statement_uploaded_idx on bank_statement (uploaded_at desc);

	create table bank_statement_line (
		id bigint generated always as identity primary key,
		statement_id bigint not null references bank_statement(id) on delete cascade,
		-- The row in the uploaded sheet (1-based, as Excel shows it).
		row_no integer not null check (row_no >= 1),
		booked_on date,
		amount_vnd bigint check (amount_vnd > 0 and amount_vnd <= 10000000000),
		description text check (length(description) <= 1000),
		bank_ref text check (length(bank_ref) <= 120),
		-- The row's cells as uploaded (header text → value), for the annotated rejects file.
		raw jsonb not null default '{}' check (jsonb_typeof(raw) = 'object'),
		status text not null check (status in ('matched', 'unmatched', 'ignored', 'rejected',
			'duplicate')),
		reason text check (length(reason) <= 500),
		-- Bank reference + booked date + amount (+ description when the bank gave no reference):
		-- one transfer, however many statements repeat it.
		dedupe_key text,
		customer_id integer references customer(id),
		receipt_id bigint references receipt(id),
		reviewed_by integer references staff(id),
		reviewed_at timestamptz,
		note text check (length(note) <= 500),
		unique (statement_id, row_no),
		check ((status = 'matched') = (receipt_id is not null)),
		check (status = 'rejected' or (booked_on is not null and amount_vnd is not null
			and dedupe_key is not null)),
		check (status not in ('rejected', 'duplicate', 'unmatched') or reason is not null)
	);
	create unique index bank_statement_line_dedupe_key on bank_statement_line (dedupe_key)
		where status in ('matched', 'unmatched', 'ignored');
	create index bank_statement_line_status_idx on bank_statement_line (status, statement_id);
	create unique index bank_statement_line_receipt_key on bank_statement_line (receipt_id)
		where receipt_id is not null;
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop table if exists bank_statement_line, bank_statement;
	drop index if exists receipt_client_key_customer_key;
	alter table receipt drop column if exists client_key;
	`
	);
}
