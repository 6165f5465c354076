import { sql, type Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * What customer-service work on the register needs beyond the core tables: other contacts,
 * status changes with reason and date, attachments, and Excel import batches whose previewed
 * rows wait for a commit (or a cancel) in the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create table customer_contact (
		id integer generated always as identity primary key,
		customer_id integer not null references customer(id) on delete cascade,
		name text not null check (length(name) between 1 and 200),
		-- How the contact relates to the customer, e.g. 'Người liên hệ', 'Kế toán', 'Chủ nhà'.
		relation text check (length(relation) <= 100),
		phone text check (phone ~ '^\\+?[0-9]{9,12}$'),
		email text check (email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'),
		note text check (length(note) <= 500),
		created_at timestamptz not null default now(),
		check (phone is not null or email is not null)
	);
	create index customer_contact_customer_idx on customer_contact (customer_id);

	-- Tạm ngưng / cắt nước / mở lại: each with its reason and the date it takes effect.
	create table customer_status_change (
		id bigint generated always as identity primary key,
		customer_id integer not null references customer(id) on delete cascade,
		action text not null check (action in ('suspend', 'cut_off', 'reconnect')),
		from_status text not null check (from_status in ('active', 'suspended', 'cut_off')),
		to_status text not null check (to_status in ('active', 'suspended', 'cut_off')),
		reason text not null check (length(reason) between 3 and 500),
		effective_on date not null,
		changed_by integer references staff(id),
		created_at timestamptz not null default now(),
		check (from_status <> to_status)
	);
	create index customer_status_change_customer_idx on customer_status_change (customer_id, effective_on);

	-- Files kept in the storage folder (STORAGE_DIR) under storage_key; the row is the index.
	create table attachment (
		id bigint generated always as identity primary key,
		entity text not null check (entity in ('customer', 'contract', 'work_order')),
		entity_id bigint not null,
		-- The customer the file belongs to (directly or through its contract or work order),
		-- so route scope applies to attachments as to everything else.
		customer_id integer references customer(id) on delete cascade,
		file_name text not null check (length(file_name) between 1 and 255),
		-- Detected from the bytes, not the name.
		content_type text not null,
		size_bytes bigint not null check (size_bytes > 0),
		sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
		storage_key text not null unique,
		note text check (length(note) <= 500),
		uploaded_by integer references staff(id),
		uploaded_at timestamptz not null default now()
	);
	create index attachment_entity_idx on attachment (entity, entity_id);
	create index attachment_customer_idx on attachment (customer_id);

	create table import_batch (
		id bigint generated always as identity primary key,
		kind text not null check (kind in ('customers')),
		status text not null default 'uploaded' check (status in ('uploaded', 'parsing', 'previewed',
			'committing', 'committed', 'cancelled', 'failed')),
		file_name text not null,
		storage_key text not null,
		total_rows integer not null default 0,
		create_rows integer not null default 0,
		update_rows integer not null default 0,
		error_rows integer not null default 0,
		-- Work done by the current step (parse or commit), percent.
		progress numeric(5, 2) not null default 0 check (progress between 0 and 100),
		message text,
		-- The annotated workbook of rejected rows, once built.
		rejects_storage_key text,
		created_by integer references staff(id),
		created_at timestamptz not null default now(),
		finished_at timestamptz
	);
	create table import_row (
		batch_id bigint not null references import_batch(id) on delete cascade,
		-- The row number in the uploaded sheet (1-based, header included), as the user sees it.
		row_no integer not null check (row_no > 0),
		action text not null check (action in ('create', 'update', 'error')),
		data jsonb not null,
		-- [{ "column": "Điện thoại", "reason": "…" }] for rows that cannot be imported.
		errors jsonb,
		primary key (batch_id, row_no),
		check ((action = 'error') = (errors is not null))
	);
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`drop table if exists import_row, import_batch, attachment, customer_status_change, customer_contact`.execute(
		db
	);
}
