import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Meter reading: the monthly cycle from reading to a locked period, and money collected at
 * the door.
 *
 * - reading_rules: the utility's anomaly tolerances and auto-lock delay (one row).
 * - reading_schedule: per period and route, the planned reading day and the reader.
 * - reading gains what entry and review need: where and how it was taken (source, GPS fix and
 *   its distance from the connection, note code), the anomaly flags and the review state, and
 *   the parts of special consumption (old meter, settlement of
 *   estimates).
 * - reading_client_key: the idempotency keys clients sent, so an offline replay applies once.
 * - reading_correction: every correction with who, when, old value, new value and reason.
 * - back_billing (truy thu): extra m³ billed in a period, with a reason.
 * - A locked period cannot change, whoever asks: triggers refuse any write to a locked
 *   period's readings, schedule, corrections and back-billing, and any change to the locked
 *   period itself (SQLSTATE 55000, message 'reading period … is locked').
 * - attachment gains 'reading' (meter photos, shown wherever the customer's files are) and a
 *   client key, so a photo replayed by the offline queue is stored once.
 * - remittance (bảng kê) and provisional_collection (thu tiền tạm tính): money a reader takes
 *   at the door, listed on a remittance that the cashier confirms with a receipt number.
 * - import_batch may hold readings sent in as a workbook; work orders gain 'inspection'.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create table reading_rules (
		id boolean primary key default true check (id),
		-- A spike or drop is flagged when the consumption differs from the mean of the last 3
		-- actual periods by more than tolerance_pct percent AND more than tolerance_m3 m³ (the
		-- absolute floor keeps 2 → 4 m³ from counting as a 100% spike).
		tolerance_pct numeric(6, 1) not null default 50 check (tolerance_pct > 0),
		tolerance_m3 numeric(10, 3) not null default 10 check (tolerance_m3 >= 0),
		-- A reading whose GPS fix is farther than this from the connection is flagged, metres.
		max_distance_m integer not null default 50 check (max_distance_m between 5 and 5000),
		-- Whether a reading without a meter photo is flagged.
		photo_required boolean not null default true,
		-- Days after a period is closed at which it locks itself; null = only by hand.
		auto_lock_days integer default 5 check (auto_lock_days between 0 and 60),
		updated_by integer references staff(id),
		updated_at timestamptz not null default now()
	);
	insert into reading_rules default values;

	-- One period is open at a time: "the current period" of the grid and the field app.
	create unique index reading_period_one_open_key on reading_period (status) where status = 'open';

	create table reading_schedule (
		period_id integer not null references reading_period(id),
		route_id integer not null references route(id) on delete cascade,
		planned_on date not null,
		reader_id integer references staff(id),
		primary key (period_id, route_id)
	);
	create index reading_schedule_reader_idx on reading_schedule (reader_id, period_id);

	alter table reading
		add column source text check (source in ('grid', 'field', 'import', 'review')),
		add column note_code text check (note_code in ('no_access', 'gate_locked', 'dog',
			'meter_broken', 'meter_buried', 'meter_missing', 'leak_seen', 'tampering', 'other')),
		-- Anomaly codes (see src/lib/domain/readings/anomalies.ts), empty when none.
		add column flags text[] not null default '{}',
		add column review_status text not null default 'ok'
			check (review_status in ('ok', 'flagged', 'accepted', 'corrected', 're_read')),
		-- The dial passed its maximum: current < previous but consumption is the wrap-around.
		add column rollover boolean not null default false,
		-- Where the reader stood: the fix's accuracy and its distance from the connection, metres.
		add column gps_accuracy_m numeric(8, 1) check (gps_accuracy_m >= 0),
		add column distance_m numeric(10, 1) check (distance_m >= 0),
		-- A meter replaced in the period: the old meter's share (old final − old previous), m³.
		add column replacement_id integer references meter_replacement(id),
		add column old_meter_m3 numeric(12, 3) check (old_meter_m3 >= 0),
		-- An actual reading after estimates settles them: the estimated m³ it settles, and the m³
		-- credited back when the estimates were more than the water actually used.
		add column settled_estimate_m3 numeric(12, 3) check (settled_estimate_m3 >= 0),
		add column credit_m3 numeric(12, 3) not null default 0 check (credit_m3 >= 0),
		add column entered_by integer references staff(id),
		add column entered_at timestamptz,
		add column updated_at timestamptz;
	create index reading_review_idx on reading (period_id, review_status) where review_status <> 'ok';
	create index reading_period_customer_idx on reading (period_id, customer_id);

	-- Every idempotency key a client (phone, grid) sent with a reading: a replay of any of them,
	-- even after the reading was entered again or corrected, is answered and not re-applied.
	create table reading_client_key (
		client_key uuid primary key,
		reading_id bigint not null references reading(id) on delete cascade,
		at timestamptz not null default now()
	);

	create table reading_correction (
		id bigint generated always as identity primary key,
		reading_id bigint not null references reading(id) on delete cascade,
		period_id integer not null references reading_period(id),
		field text not null check (field in ('previous_index', 'current_index', 'consumption_m3',
			'kind', 'review_status', 'note_code')),
		old_value text,
		new_value text,
		reason text not null check (length(reason) between 3 and 500),
		actor_id integer references staff(id),
		at timestamptz not null default now()
	);
	create index reading_correction_reading_idx on reading_correction (reading_id, at);

	create table back_billing (
		id bigint generated always as identity primary key,
		customer_id integer not null references customer(id),
		period_id integer not null references reading_period(id),
		volume_m3 numeric(12, 3) not null check (volume_m3 > 0),
		reason text not null check (length(reason) between 3 and 500),
		created_by integer references staff(id),
		created_at timestamptz not null default now()
	);
	create index back_billing_customer_idx on back_billing (customer_id, period_id);
	create index back_billing_period_idx on back_billing (period_id);
	`
	);
	await runSqlScript(
		db,
		`
	create function reading_period_lock_guard() returns trigger language plpgsql as $$
	declare
		locked_id integer;
	begin
		select id into locked_id from reading_period
			where status = 'locked' and id in (
				case when tg_op <> 'DELETE' then new.period_id end,
				case when tg_op <> 'INSERT' then old.period_id end)
			limit 1;
		if locked_id is not null then
			raise exception 'reading period % is locked', locked_id
				using errcode = 'object_not_in_prerequisite_state', table = tg_table_name;
		end if;
		return case when tg_op = 'DELETE' then old else new end;
	end $$;
	create trigger reading_period_lock_guard before insert or update or delete on reading
		for each row execute function reading_period_lock_guard();
	create trigger reading_period_lock_guard before insert or update or delete on reading_schedule
		for each row execute function reading_period_lock_guard();
	create trigger reading_period_lock_guard before insert or update or delete on reading_correction
		for each row execute function reading_period_lock_guard();
	create trigger reading_period_lock_guard before insert or update or delete on back_billing
		for each row execute function reading_period_lock_guard();

	-- Locked is final: the period row itself can no longer change or go.
	create function reading_period_locked_final() returns trigger language plpgsql as $$
	begin
		if old.status = 'locked' then
			raise exception 'reading period % is locked', old.id
				using errcode = 'object_not_in_prerequisite_state', table = 'reading_period';
		end if;
		return case when tg_op = 'DELETE' then old else new end;
	end $$;
	create trigger reading_period_locked_final before update or delete on reading_period
		for each row execute function reading_period_locked_final();
	`
	);
	await runSqlScript(
		db,
		`
	alter table attachment drop constraint attachment_entity_check;
	alter table attachment add constraint attachment_entity_check
		check (entity in ('customer', 'contract', 'work_order', 'reading'));
	alter table attachment add column client_key uuid unique;

	alter table import_batch drop constraint import_batch_kind_check;
	alter table import_batch add constraint import_batch_kind_check
		check (kind in ('customers', 'readings'));

	alter table work_order drop constraint work_order_type_check;
	alter table work_order add constraint work_order_type_check
		check (type in ('new_connection', 'meter_replacement', 'meter_verification', 'leak_repair',
			'complaint_investigation', 'disconnection', 'reconnection', 're_read', 'relocation',
			'inspection'));
	alter table work_order add column reading_id bigint references reading(id);
	create index work_order_reading_idx on work_order (reading_id) where reading_id is not null;

	create table remittance (
		id bigint generated always as identity primary key,
		-- BK-2026-000001: numbered per year.
		number text not null unique check (number ~ '^BK-[0-9]{4}-[0-9]{6,}$'),
		reader_id integer not null references staff(id),
		-- Chosen by the reader's phone when submitting: a replayed submission answers once.
		client_key uuid unique,
		status text not null default 'submitted' check (status in ('submitted', 'confirmed')),
		-- Integer VND: the sum of its collections, fixed when it is submitted.
		total_vnd bigint not null check (total_vnd > 0),
		submitted_at timestamptz not null default now(),
		confirmed_by integer references staff(id),
		confirmed_at timestamptz,
		-- Biên nhận: BN-2026-000001, issued by the cashier on confirmation.
		receipt_no text unique check (receipt_no ~ '^BN-[0-9]{4}-[0-9]{6,}$'),
		check ((status = 'confirmed') = (confirmed_at is not null and receipt_no is not null))
	);
	create index remittance_reader_idx on remittance (reader_id, submitted_at);

	create table provisional_collection (
		id bigint generated always as identity primary key,
		client_key uuid unique,
		customer_id integer not null references customer(id),
		period_id integer not null references reading_period(id),
		reader_id integer not null references staff(id),
		-- Integer VND.
		amount_vnd bigint not null check (amount_vnd > 0 and amount_vnd <= 1000000000),
		method text not null check (method in ('cash', 'bank_transfer', 'qr')),
		collected_at timestamptz not null,
		note text check (length(note) <= 300),
		remittance_id bigint references remittance(id),
		created_at timestamptz not null default now()
	);
	create index provisional_collection_period_idx on provisional_collection (period_id, customer_id);
	create index provisional_collection_pending_idx on provisional_collection (reader_id)
		where remittance_id is null;

	-- Numbering of remittances and receipts per year, without gaps from concurrent writers.
	create table document_counter (
		kind text not null check (kind in ('remittance', 'receipt')),
		year integer not null check (year between 2000 and 2100),
		last_no integer not null default 0,
		primary key (kind, year)
	);
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop table if exists reading_client_key, document_counter, provisional_collection, remittance, back_billing,
		reading_correction, reading_schedule, reading_rules cascade;
	drop trigger if exists reading_period_lock_guard on reading;
	drop trigger if exists reading_period_locked_final on reading_period;
	drop function if exists reading_period_lock_guard, reading_period_locked_final;
	drop index if exists reading_period_one_open_key;
	alter table work_order drop column if exists reading_id;
	alter table attachment drop column if exists client_key;
	alter table reading drop column if exists source,
		drop column if exists note_code, drop column if exists flags,
		drop column if exists review_status, drop column if exists rollover,
		drop column if exists gps_accuracy_m, drop column if exists distance_m,
		drop column if exists replacement_id, drop column if exists old_meter_m3,
		drop column if exists settled_estimate_m3, drop column if exists credit_m3,
		drop column if exists entered_by, drop column if exists entered_at,
		drop column if exists updated_at;
	`
	);
}
