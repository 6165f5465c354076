import { sql, type Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Tables the later modules grow into: reading periods and readings, tariffs, invoices and
 * payments, work orders. Minimal columns, but real keys, relations and constraints.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create table reading_period (
		id integer generated always as identity primary key,
		-- Kỳ ghi: the first day of the calendar month it covers (Asia/Ho_Chi_Minh dates).
		period_month date not null unique check (extract(day from period_month) = 1),
		status text not null default 'open' check (status in ('open', 'closed', 'locked')),
		opened_at timestamptz not null default now(),
		closed_at timestamptz,
		locked_at timestamptz,
		check (status = 'open' or closed_at is not null),
		check (status <> 'locked' or locked_at is not null)
	);

	create table reading (
		id bigint generated always as identity primary key,
		period_id integer not null references reading_period(id),
		customer_id integer not null references customer(id),
		meter_id integer not null references meter(id),
		-- Meter indexes and consumption in m³ (3 decimals).
		previous_index numeric(12, 3) not null check (previous_index >= 0),
		current_index numeric(12, 3) check (current_index >= 0),
		consumption_m3 numeric(12, 3) check (consumption_m3 >= 0),
		kind text not null default 'actual' check (kind in ('actual', 'estimated', 'no_access')),
		read_at timestamptz,
		reader_id integer references staff(id),
		geom geometry(Point, 4326),
		note text,
		unique (period_id, customer_id),
		check (kind = 'no_access' or (current_index is not null and consumption_m3 is not null))
	);
	create index reading_customer_idx on reading (customer_id, period_id);

	create table tariff_schedule (
		id integer generated always as identity primary key,
		code text not null unique,
		name text not null,
		decision_ref text not null,
		effective_from date not null,
		effective_to date,
		-- Blocks per category, VND per m³ before VAT; shape validated by the tariff module.
		blocks jsonb not null check (jsonb_typeof(blocks) = 'object'),
		check (effective_to is null or effective_to > effective_from)
	);

	create table invoice (
		id bigint generated always as identity primary key,
		customer_id integer not null references customer(id),
		period_id integer not null references reading_period(id),
		reading_id bigint references reading(id),
		tariff_schedule_id integer references tariff_schedule(id),
		-- Ký hiệu and số hóa đơn: the number restarts every year and has at most 8 digits.
		series text not null,
		invoice_year integer not null check (invoice_year between 2000 and 2100),
		number integer not null check (number between 1 and 99999999),
		issued_on date not null,
		consumption_m3 numeric(12, 3) not null check (consumption_m3 >= 0),
		-- Integer VND.
		water_amount_vnd bigint not null check (water_amount_vnd >= 0),
		vat_vnd bigint not null check (vat_vnd >= 0),
		env_fee_vnd bigint not null check (env_fee_vnd >= 0),
		total_vnd bigint not null check (total_vnd = water_amount_vnd + vat_vnd + env_fee_vnd),
		status text not null default 'issued' check (status in ('draft', 'issued', 'paid', 'cancelled')),
		unique (series, invoice_year, number)
	);
	create unique index invoice_customer_period_key on invoice (customer_id, period_id)
		where status <> 'cancelled';

	create table payment (
		id bigint generated always as identity primary key,
		invoice_id bigint not null references invoice(id),
		amount_vnd bigint not null check (amount_vnd > 0),
		method text not null check (method in ('cash', 'bank_transfer', 'auto_debit', 'e_wallet')),
		paid_at timestamptz not null default now(),
		cashier_id integer references staff(id),
		receipt_no text not null unique
	);
	create index payment_invoice_idx on payment (invoice_id);

	create table work_order (
		id bigint generated always as identity primary key,
		-- Readable number, e.g. PCT-2026-000123.
		number text not null unique check (number ~ '^PCT-[0-9]{4}-[0-9]{6,}$'),
		type text not null check (type in ('new_connection', 'meter_replacement', 'meter_verification',
			'leak_repair', 'complaint_investigation', 'disconnection', 'reconnection', 're_read',
			'relocation')),
		status text not null default 'new' check (status in ('new', 'assigned', 'accepted', 'en_route',
			'in_progress', 'done', 'failed', 'verified', 'cancelled')),
		priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
		customer_id integer references customer(id),
		meter_id integer references meter(id),
		geom geometry(Point, 4326),
		geom_3857 geometry(Point, 3857) generated always as (ST_Transform(geom, 3857)) stored,
		description text,
		assigned_to integer references staff(id),
		due_at timestamptz,
		created_by integer references staff(id),
		created_at timestamptz not null default now(),
		check (customer_id is not null or geom is not null),
		check (status in ('new', 'cancelled') or assigned_to is not null)
	);
	create index work_order_open_idx on work_order (status) where status not in ('verified', 'cancelled');
	create index work_order_customer_idx on work_order (customer_id);
	create index work_order_geom_3857_gix on work_order using gist (geom_3857);
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`drop table if exists work_order, payment, invoice, tariff_schedule, reading, reading_period cascade`.execute(
		db
	);
}
