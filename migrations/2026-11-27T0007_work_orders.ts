import type { Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * Work orders carried out in the field, the requests they come from, staff skills, and where
 * field staff are (live and as a history of positions).
 *
 * - work_order gains the request it came from, an address, the SLA in hours, type-specific
 *   results (jsonb, validated by the domain per type), a version for optimistic concurrency
 *   and the time of its last status change.
 * - work_order_event is the order's timeline: every transition with who, when and where. Its
 *   idempotency_key (chosen by the client) makes an offline replay of the same action a no-op.
 * - work_order_counter numbers orders per year without gaps from concurrent creators
 *   (PCT-2026-000123).
 * - customer_request: a request or complaint taken at the counter or by phone (YC-2026-000001).
 * - staff_live: one row per field staff member with the last position (for KNN suggestions and
 *   the live map) and whether they are on duty.
 * - staff_position: every reported position, partitioned by day (recorded_at in UTC) so the
 *   retention setting drops whole partitions. Coordinates are stored as integer microdegrees
 *   (about 0.1 m) to keep a row small: at 2,000 staff every 5 s that is 11.5M rows a day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create table customer_request (
		id bigint generated always as identity primary key,
		number text not null unique check (number ~ '^YC-[0-9]{4}-[0-9]{6,}$'),
		kind text not null check (kind in ('request', 'complaint')),
		channel text not null check (channel in ('counter', 'phone', 'field', 'web')),
		customer_id integer references customer(id),
		caller_name text check (length(caller_name) <= 120),
		caller_phone text check (caller_phone ~ '^0[0-9]{9,10}$'),
		address text check (length(address) <= 300),
		geom geometry(Point, 4326),
		description text not null check (length(description) between 1 and 2000),
		received_by integer references staff(id),
		received_at timestamptz not null default now()
	);
	create index customer_request_customer_idx on customer_request (customer_id);

	alter table work_order
		add column request_id bigint references customer_request(id),
		add column address text check (length(address) <= 300),
		-- Hours from creation to due_at agreed for this type and priority.
		add column sla_hours integer check (sla_hours between 1 and 2160),
		add column result jsonb,
		add column version integer not null default 1,
		add column status_changed_at timestamptz not null default now(),
		add column updated_at timestamptz not null default now();
	create index work_order_assigned_idx on work_order (assigned_to, status)
		where status not in ('verified', 'cancelled');
	create index work_order_request_idx on work_order (request_id);

	create table work_order_event (
		id bigint generated always as identity primary key,
		work_order_id bigint not null references work_order(id) on delete cascade,
		-- Null for the creation event.
		from_status text,
		to_status text not null,
		-- Who the order is assigned to after this event (assign, reassign, unassign = null).
		assigned_to integer references staff(id),
		staff_id integer references staff(id),
		at timestamptz not null default now(),
		note text check (length(note) <= 1000),
		-- Where the device was when the action was taken, if it said.
		geom geometry(Point, 4326),
		idempotency_key uuid unique
	);
	create index work_order_event_order_idx on work_order_event (work_order_id, at);

	create table work_order_counter (
		year integer primary key check (year between 2000 and 2999),
		last_value integer not null check (last_value >= 0)
	);

	create table staff_skill (
		staff_id integer not null references staff(id) on delete cascade,
		skill text not null check (skill in ('meter', 'pipe', 'inspection', 'reading')),
		primary key (staff_id, skill)
	);

	create table staff_live (
		staff_id integer primary key references staff(id) on delete cascade,
		on_duty boolean not null default false,
		duty_since timestamptz,
		geom geometry(Point, 4326),
		geom_3857 geometry(Point, 3857) generated always as (ST_Transform(geom, 3857)) stored,
		accuracy_m real check (accuracy_m >= 0),
		recorded_at timestamptz
	);
	create index staff_live_geom_3857_gix on staff_live using gist (geom_3857);

	create table staff_position (
		staff_id integer not null,
		recorded_at timestamptz not null,
		-- WGS84 in microdegrees: round(lon * 1e6), round(lat * 1e6).
		lon_e6 integer not null check (lon_e6 between -180000000 and 180000000),
		lat_e6 integer not null check (lat_e6 between -90000000 and 90000000),
		accuracy_m smallint check (accuracy_m >= 0),
		-- km/h as the device reported it, if it did.
		speed_kmh smallint check (speed_kmh >= 0)
	) partition by range (recorded_at);
	create table staff_position_default partition of staff_position default;
	create index staff_position_staff_at_idx on staff_position (staff_id, recorded_at);
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop table if exists staff_position, staff_live, staff_skill, work_order_counter,
		work_order_event cascade;
	drop index if exists work_order_assigned_idx;
	drop index if exists work_order_request_idx;
	alter table work_order
		drop column if exists request_id,
		drop column if exists address,
		drop column if exists sla_hours,
		drop column if exists result,
		drop column if exists version,
		drop column if exists status_changed_at,
		drop column if exists updated_at;
	drop table if exists customer_request cascade;
	`
	);
}
