import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Non-revenue water (thất thoát nước): the water balance of every zone and month.
 *
 * - zone_nrw_settings: per zone, the network data of UARL / ILI (mains km, service-pipe km,
 *   average pressure) and the parts of the balance that are configured rather than measured:
 *   billed unmetered and unbilled metered m³ per month, unbilled unmetered as a share of the
 *   system input, customer-meter under-registration and the unauthorized-consumption rate.
 * - nrw_balance: the stored result per zone and month, complete or marked incomplete with its
 *   reasons (no master meter, a master-meter gap, no readings, no network data), never zero.
 * - nrw_dirty: months whose balance is out of date. Triggers on readings, master-meter volumes
 *   and everything else the balance reads append a row (insert-only, so concurrent reading
 *   saves never wait on each other); the NRW job recomputes a month and deletes the rows its
 *   snapshot saw. A reading dated in month M also covers days of M − 1, so both are marked.
 * - work_order.nrw_lead: which NRW lead an inspection order was raised from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create table zone_nrw_settings (
		zone_id integer primary key references zone(id) on delete cascade,
		-- Network data (null = not surveyed yet: the balance is kept but ILI is incomplete).
		mains_length_km numeric(10, 3) check (mains_length_km > 0),
		-- Service pipe from the property line to the customer meter, km in total.
		service_length_km numeric(10, 3) check (service_length_km >= 0),
		-- Average operating pressure, metres of head.
		avg_pressure_m numeric(6, 1) check (avg_pressure_m > 0),
		-- m³ per calendar month.
		billed_unmetered_m3 numeric(14, 3) not null default 0 check (billed_unmetered_m3 >= 0),
		unbilled_metered_m3 numeric(14, 3) not null default 0 check (unbilled_metered_m3 >= 0),
		-- Fractions. Flushing and firefighting as a share of SIV (AWWA M36's default 1.25%);
		-- the share of true use a customer meter misses; unauthorized use as a share of SIV.
		unbilled_unmetered_rate numeric(6, 5) not null default 0.0125
			check (unbilled_unmetered_rate >= 0 and unbilled_unmetered_rate < 1),
		meter_under_registration numeric(6, 5) not null default 0.02
			check (meter_under_registration >= 0 and meter_under_registration < 1),
		unauthorized_rate numeric(6, 5) not null default 0.0025
			check (unauthorized_rate >= 0 and unauthorized_rate < 1),
		updated_at timestamptz not null default now(),
		updated_by integer references staff(id)
	);

	create table nrw_balance (
		zone_id integer not null references zone(id) on delete cascade,
		-- The calendar month (first day), the master meters' period.
		period_month date not null check (extract(day from period_month) = 1),
		computed_at timestamptz not null default now(),
		complete boolean not null,
		-- [{ code, ...detail }] why the balance is incomplete; [] when complete.
		reasons jsonb not null default '[]',
		-- The balance CLI's input as far as it is known (m³, fractions, km, m).
		input jsonb not null,
		-- The balance CLI's output; null when incomplete.
		result jsonb,
		-- Readings expected / actual / estimated / no access / missing, m³ extrapolated,
		-- master meters expected and with a volume.
		quality jsonb not null,
		-- 0–100: share of expected readings that are actual × share of master meters reporting.
		quality_score numeric(5, 1) not null,
		nrw_pct numeric generated always as ((result->>'nrwPct')::numeric) stored,
		ili numeric generated always as ((result->>'ili')::numeric) stored,
		nrw_m3 numeric generated always as ((result->>'nrw')::numeric) stored,
		real_losses_m3 numeric generated always as ((result->>'realLosses')::numeric) stored,
		primary key (period_month, zone_id)
	);
	create index nrw_balance_zone_idx on nrw_balance (zone_id, period_month);

	create table nrw_dirty (
		id bigint generated always as identity primary key,
		period_month date not null,
		marked_at timestamptz not null default now()
	);
	create index nrw_dirty_month_idx on nrw_dirty (period_month, id);

	alter table work_order add column nrw_lead text
		check (nrw_lead in ('zero_consumption', 'sudden_drop', 'verification_overdue', 'flat_large'));

	create function nrw_mark(months date[]) returns void language sql as $$
		insert into nrw_dirty (period_month)
		select distinct m from unnest(months) m where m is not null
	$$;

	-- Everything the balance reads, for all months already known: settings, master meters,
	-- zones and customers moving between zones.
	create function nrw_mark_all() returns trigger language plpgsql as $$
	begin
		if map_bulk_loading() then return null; end if;
		perform nrw_mark(array(select distinct period_month from nrw_balance
			union select period_month from reading_period));
		return null;
	end $$;

	-- Readings (tg_argv[0] = 'period_id': the reading's month and the month before, which its
	-- m³ partly covers) and master-meter volumes ('period_month': that month).
	create function nrw_rows_changed() returns trigger language plpgsql as $$
	declare
		col text := tg_argv[0];
		keys text[];
	begin
		if map_bulk_loading() then return null; end if;
		if tg_op = 'INSERT' then
			execute format('select array_agg(distinct %I::text) from new_rows', col) into keys;
		elsif tg_op = 'DELETE' then
			execute format('select array_agg(distinct %I::text) from old_rows', col) into keys;
		else
			execute format('select array_agg(distinct k) from (select %1$I::text as k from new_rows
				union select %1$I::text from old_rows) s', col) into keys;
		end if;
		if col = 'period_month' then
			perform nrw_mark(keys::date[]);
		else
			perform nrw_mark(array(
				select m from reading_period p,
					lateral (values (p.period_month), ((p.period_month - interval '1 month')::date)) v(m)
				where p.id = any(keys::integer[])));
		end if;
		return null;
	end $$;

	create trigger reading_nrw_inserted after insert on reading
		referencing new table as new_rows for each statement execute function nrw_rows_changed('period_id');
	create trigger reading_nrw_updated after update on reading
		referencing old table as old_rows new table as new_rows
		for each statement execute function nrw_rows_changed('period_id');
	create trigger reading_nrw_deleted after delete on reading
		referencing old table as old_rows for each statement execute function nrw_rows_changed('period_id');

	create trigger master_meter_volume_nrw_inserted after insert on master_meter_volume
		referencing new table as new_rows for each statement execute function nrw_rows_changed('period_month');
	create trigger master_meter_volume_nrw_updated after update on master_meter_volume
		referencing old table as old_rows new table as new_rows
		for each statement execute function nrw_rows_changed('period_month');
	create trigger master_meter_volume_nrw_deleted after delete on master_meter_volume
		referencing old table as old_rows for each statement execute function nrw_rows_changed('period_month');

	create trigger zone_nrw_settings_changed after insert or update or delete on zone_nrw_settings
		for each statement execute function nrw_mark_all();
	create trigger master_meter_nrw_changed after insert or update or delete on master_meter
		for each statement execute function nrw_mark_all();
	create trigger zone_nrw_changed after insert or delete on zone
		for each statement execute function nrw_mark_all();
	create trigger customer_zone_nrw_changed after update of zone_id, status on customer
		for each row when (old.zone_id is distinct from new.zone_id or old.status <> new.status)
		execute function nrw_mark_all();
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop trigger if exists reading_nrw_inserted on reading;
	drop trigger if exists reading_nrw_updated on reading;
	drop trigger if exists reading_nrw_deleted on reading;
	drop trigger if exists master_meter_volume_nrw_inserted on master_meter_volume;
	drop trigger if exists master_meter_volume_nrw_updated on master_meter_volume;
	drop trigger if exists master_meter_volume_nrw_deleted on master_meter_volume;
	drop trigger if exists zone_nrw_settings_changed on zone_nrw_settings;
	drop trigger if exists master_meter_nrw_changed on master_meter;
	drop trigger if exists zone_nrw_changed on zone;
	drop trigger if exists customer_zone_nrw_changed on customer;
	drop function if exists nrw_rows_changed, nrw_mark_all, nrw_mark;
	alter table work_order drop column if exists nrw_lead;
	drop table if exists nrw_dirty, nrw_balance, zone_nrw_settings;
	`
	);
}
