import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Billing: the utility's tariff categories and price decisions, billing runs (one pg-boss job
 * per route, resumable from a cursor), invoices with their numbering, adjustments and voids,
 * and receipts that pay invoices (partially or in full). Amounts are integer VND, volumes m³.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	-- Đối tượng giá: the codes a price decision prices (SH, SH_NGHEO, HCSN, SX, KD…).
	create table tariff_category (
		code text primary key check (code ~ '^[A-Z][A-Z0-9_]{0,19}$'),
		name text not null check (length(name) between 1 and 120),
		sort integer not null default 0
	);
	-- Which tariff code bills each customer category; a category without a row is not billed
	-- (the run lists those customers).
	create table customer_category_tariff (
		customer_category text primary key check (customer_category in ('domestic', 'poor_household',
			'administrative', 'public_service', 'production', 'business')),
		tariff_code text not null references tariff_category(code) on update cascade
	);

	-- The usual Vietnamese codes; each utility renames, adds or remaps them (tariff screen).
	insert into tariff_category (code, name, sort) values
		('SH', 'Sinh hoạt', 10), ('SH_NGHEO', 'Sinh hoạt hộ nghèo', 20),
		('HCSN', 'Cơ quan hành chính, đơn vị sự nghiệp, công cộng', 30),
		('SX', 'Sản xuất vật chất', 40), ('KD', 'Kinh doanh dịch vụ', 50);
	insert into customer_category_tariff (customer_category, tariff_code) values
		('domestic', 'SH'), ('poor_household', 'SH_NGHEO'), ('administrative', 'HCSN'),
		('public_service', 'HCSN'), ('production', 'SX'), ('business', 'KD');

	alter table tariff_schedule rename column blocks to categories;
	alter table tariff_schedule drop column effective_to;
	alter table tariff_schedule
		-- VAT on water, a fraction (0.05 = 5%).
		add column vat_rate numeric(6, 4) not null default 0.05 check (vat_rate >= 0 and vat_rate < 1),
		-- [{ type: envFee|drainage, rate, vatRate?, categories? }] as in tariff.md; validated by the
		-- tariff module before every write.
		add column charges jsonb not null default '[]' check (jsonb_typeof(charges) = 'array'),
		add column note text check (length(note) <= 1000),
		add column created_by integer references staff(id),
		add column created_at timestamptz not null default now(),
		add column updated_at timestamptz not null default now(),
		-- A decision is in force from its date until the next one's: two on one day would overlap.
		add constraint tariff_schedule_effective_from_key unique (effective_from);

	create table billing_settings (
		id boolean primary key default true check (id),
		-- Ký hiệu hóa đơn = prefix + two-digit year + suffix, e.g. 1C26TWL (Circular 78/2021).
		series_prefix text not null default '1C' check (series_prefix ~ '^[126]C$'),
		series_suffix text not null default 'TWL' check (series_suffix ~ '^[TDLMNBGH][A-Z]{2}$'),
		-- Days between issue and the payment due date.
		due_days integer not null default 15 check (due_days between 0 and 90),
		seller_name text not null default 'Công ty Cấp nước Waterline',
		seller_tax_code text not null default '0100000000' check (seller_tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
		seller_address text not null default 'Hà Nội',
		seller_phone text,
		seller_bank_account text
	);
	insert into billing_settings default values;

	create table billing_run (
		id bigint generated always as identity primary key,
		period_id integer not null references reading_period(id),
		-- final: a locked period, invoices that can be issued; trial: any period, a preview that
		-- can never be issued.
		mode text not null check (mode in ('final', 'trial')),
		scope text not null check (scope in ('all', 'routes', 'customer')),
		customer_id integer references customer(id),
		status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
		error text,
		created_by integer references staff(id),
		created_at timestamptz not null default now(),
		started_at timestamptz,
		finished_at timestamptz,
		check ((scope = 'customer') = (customer_id is not null))
	);
	create index billing_run_period_idx on billing_run (period_id, created_at desc);

	-- One pg-boss job per route. The cursor is the last customer id billed, committed with each
	-- batch, so a job killed midway resumes after it.
	create table billing_run_route (
		run_id bigint not null references billing_run(id) on delete cascade,
		route_id integer not null references route(id),
		status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
		cursor_customer_id integer not null default 0,
		customers integer not null default 0,
		invoices integer not null default 0,
		skipped integer not null default 0,
		volume_m3 numeric(14, 3) not null default 0,
		total_vnd bigint not null default 0,
		started_at timestamptz,
		finished_at timestamptz,
		error text,
		primary key (run_id, route_id)
	);

	-- Customers a run did not bill, and why.
	create table billing_run_skip (
		run_id bigint not null references billing_run(id) on delete cascade,
		customer_id integer not null references customer(id),
		route_id integer not null references route(id),
		reason text not null check (reason in ('no_category', 'no_reading', 'no_schedule', 'issued')),
		detail text,
		primary key (run_id, customer_id)
	);

	drop index invoice_customer_period_key;
	-- The 0002 checks (amounts >= 0, total without drainage) give way to the ones below.
	do $drop$ declare c record; begin
		for c in select conname from pg_constraint where conrelid = 'invoice'::regclass and contype = 'c' loop
			execute format('alter table invoice drop constraint %I', c.conname);
		end loop;
	end $drop$;
	alter table invoice
		alter column series drop not null,
		alter column invoice_year drop not null,
		alter column number drop not null,
		alter column issued_on drop not null,
		alter column status set default 'draft',
		-- regular: the period's bill; adjustment: a signed correction of an issued one (original_id).
		add column kind text not null default 'regular' check (kind in ('regular', 'adjustment')),
		add column original_id bigint references invoice(id),
		add column run_id bigint references billing_run(id) on delete set null,
		add column trial boolean not null default false,
		add column route_id integer references route(id),
		-- The tariff code, households and persons the bill was computed with.
		add column category_code text,
		add column households integer,
		add column persons integer,
		-- The billed interval (previousReadingOn, currentReadingOn] and the indexes read.
		add column from_date date,
		add column to_date date,
		add column previous_index numeric(12, 3),
		add column current_index numeric(12, 3),
		-- m³ credited back for over-estimates and m³ back-billed, both inside consumption_m3.
		add column credit_m3 numeric(12, 3) not null default 0,
		add column back_billed_m3 numeric(12, 3) not null default 0,
		add column drainage_vnd bigint not null default 0,
		add column drainage_vat_vnd bigint not null default 0,
		-- The quote's lines (schedule, block, days, m³, price, amount): how the bill was made.
		add column lines jsonb not null default '[]',
		-- Every schedule the bill used (proration); such a schedule can no longer be edited.
		add column schedule_ids integer[] not null default '{}',
		-- Unpaid issued invoices of the customer when this one was made (nợ kỳ trước).
		add column previous_debt_vnd bigint not null default 0,
		add column paid_vnd bigint not null default 0,
		add column due_on date,
		add column reason text check (length(reason) <= 500),
		add column issued_by integer references staff(id),
		add column voided_by integer references staff(id),
		add column voided_at timestamptz,
		add column print_count integer not null default 0,
		add column created_at timestamptz not null default now(),
		add column updated_at timestamptz not null default now(),
		add constraint invoice_status_check check (status in ('draft', 'issued', 'paid', 'cancelled')),
		add constraint invoice_year_check check (invoice_year between 2000 and 2100),
		add constraint invoice_number_range_check check (number between 1 and 99999999),
		add constraint invoice_total_check
			check (total_vnd = water_amount_vnd + vat_vnd + env_fee_vnd + drainage_vnd + drainage_vat_vnd),
		add constraint invoice_sign_check check (kind = 'adjustment' or (consumption_m3 >= 0
			and water_amount_vnd >= 0 and vat_vnd >= 0 and env_fee_vnd >= 0 and drainage_vnd >= 0
			and drainage_vat_vnd >= 0)),
		add constraint invoice_number_check check (status = 'draft' or (series is not null
			and invoice_year is not null and number is not null and issued_on is not null)),
		add constraint invoice_adjustment_check check ((kind = 'adjustment') = (original_id is not null)),
		add constraint invoice_trial_check check (not trial or status = 'draft'),
		add constraint invoice_void_check check ((status = 'cancelled') = (voided_at is not null));
	-- One live bill per customer and period (adjustments and voided bills aside).
	create unique index invoice_customer_period_key on invoice (customer_id, period_id)
		where status <> 'cancelled' and kind = 'regular';
	create index invoice_period_route_idx on invoice (period_id, route_id);
	-- Deleting a draft checks no adjustment points at it: without this, a scan per row.
	create index invoice_original_idx on invoice (original_id) where original_id is not null;
	create index invoice_customer_idx on invoice (customer_id, period_id);
	-- A number is unique in its series and year; drafts have none and stay out of the index.
	alter table invoice drop constraint invoice_series_invoice_year_number_key;
	create unique index invoice_number_key on invoice (series, invoice_year, number)
		where number is not null;
	create index invoice_unpaid_idx on invoice (customer_id) where status = 'issued';
	create index invoice_schedule_ids_idx on invoice using gin (schedule_ids);

	-- Invoice numbers per series and year (the series carries the year, but the year is the key
	-- the law restarts on).
	create table invoice_counter (
		series text not null,
		year integer not null check (year between 2000 and 2100),
		last_no integer not null default 0 check (last_no <= 99999999),
		primary key (series, year)
	);

	-- A price decision used by an issued (or paid) invoice is history: it can never change.
	create function tariff_schedule_used_guard() returns trigger language plpgsql as $$
	begin
		if exists (select 1 from invoice where schedule_ids @> array[old.id]
				and status in ('issued', 'paid')) then
			raise exception 'tariff schedule % is used by issued invoices', old.code
				using errcode = '55000';
		end if;
		return case when tg_op = 'DELETE' then old else new end;
	end $$;
	create trigger tariff_schedule_used_guard before update or delete on tariff_schedule
		for each row execute function tariff_schedule_used_guard();

	-- Phiếu thu: money received from a customer, applied to one or more of their invoices
	-- (payment rows). What is not applied is the customer's credit.
	drop table payment;
	create table receipt (
		id bigint generated always as identity primary key,
		-- PT-2026-000001, numbered per year (document_counter kind 'payment').
		number text not null unique check (number ~ '^PT-[0-9]{4}-[0-9]{6,}$'),
		customer_id integer not null references customer(id),
		method text not null check (method in ('cash', 'reader_collection', 'bank_transfer', 'qr',
			'auto_debit')),
		amount_vnd bigint not null check (amount_vnd > 0 and amount_vnd <= 10000000000),
		received_at timestamptz not null default now(),
		cashier_id integer references staff(id),
		-- A reader's collection this receipt settles (at most one receipt each).
		provisional_collection_id bigint unique references provisional_collection(id),
		-- The bank's reference for transfers and QR payments.
		reference text check (length(reference) <= 120),
		note text check (length(note) <= 500),
		status text not null default 'valid' check (status in ('valid', 'void')),
		void_reason text check (length(void_reason) <= 500),
		voided_by integer references staff(id),
		voided_at timestamptz,
		check ((status = 'void') = (voided_at is not null and void_reason is not null)),
		check ((method = 'reader_collection') = (provisional_collection_id is not null))
	);
	create index receipt_customer_idx on receipt (customer_id, received_at desc);
	create index receipt_received_idx on receipt (received_at);

	create table payment (
		id bigint generated always as identity primary key,
		receipt_id bigint not null references receipt(id),
		invoice_id bigint not null references invoice(id),
		amount_vnd bigint not null check (amount_vnd > 0),
		unique (receipt_id, invoice_id)
	);
	create index payment_invoice_idx on payment (invoice_id);

	alter table document_counter drop constraint document_counter_kind_check;
	alter table document_counter add constraint document_counter_kind_check
		check (kind in ('remittance', 'receipt', 'payment'));
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop table if exists payment, receipt, invoice_counter, billing_run_skip, billing_run_route cascade;
	drop trigger if exists tariff_schedule_used_guard on tariff_schedule;
	drop function if exists tariff_schedule_used_guard();
	delete from invoice;
	drop index if exists invoice_customer_period_key;
	drop index if exists invoice_number_key;
	alter table invoice add constraint invoice_series_invoice_year_number_key
		unique (series, invoice_year, number);
	alter table invoice drop constraint invoice_total_check, drop constraint invoice_sign_check,
		drop constraint invoice_status_check, drop constraint invoice_year_check,
		drop constraint invoice_number_range_check,
		drop constraint invoice_number_check, drop constraint invoice_adjustment_check,
		drop constraint invoice_trial_check, drop constraint invoice_void_check,
		drop column kind, drop column original_id, drop column run_id, drop column trial,
		drop column route_id, drop column category_code, drop column households, drop column persons,
		drop column from_date, drop column to_date, drop column previous_index,
		drop column current_index, drop column credit_m3, drop column back_billed_m3,
		drop column drainage_vnd, drop column drainage_vat_vnd, drop column lines,
		drop column schedule_ids, drop column previous_debt_vnd, drop column paid_vnd,
		drop column due_on, drop column reason, drop column issued_by, drop column voided_by,
		drop column voided_at, drop column print_count, drop column created_at,
		drop column updated_at,
		add check (total_vnd = water_amount_vnd + vat_vnd + env_fee_vnd),
		add check (status in ('draft', 'issued', 'paid', 'cancelled')),
		add check (invoice_year between 2000 and 2100), add check (number between 1 and 99999999);
	create unique index invoice_customer_period_key on invoice (customer_id, period_id)
		where status <> 'cancelled';
	drop table if exists billing_run, billing_settings, customer_category_tariff, tariff_category cascade;
	alter table tariff_schedule drop constraint tariff_schedule_effective_from_key,
		drop column vat_rate, drop column charges, drop column note, drop column created_by,
		drop column created_at, drop column updated_at, add column effective_to date;
	alter table tariff_schedule rename column categories to blocks;
	create table payment (
		id bigint generated always as identity primary key,
		invoice_id bigint not null references invoice(id),
		amount_vnd bigint not null check (amount_vnd > 0),
		method text not null check (method in ('cash', 'bank_transfer', 'auto_debit', 'e_wallet')),
		paid_at timestamptz not null default now(),
		cashier_id integer references staff(id),
		receipt_no text not null unique
	);
	`
	);
}
