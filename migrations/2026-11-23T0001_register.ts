import { sql, type Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * The utility's register: places, zones and master meters, staff and access, reading routes,
 * customers, meters, contracts, and the audit log. Geometry is EPSG:4326; each spatial table
 * also stores a Web Mercator copy (generated, GiST-indexed) so vector tiles never transform
 * rows at request time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`create extension if not exists postgis`.execute(db);

	await runSqlScript(
		db,
		`
	create table province (
		id integer generated always as identity primary key,
		code text not null unique,
		name text not null
	);
	create table ward (
		id integer generated always as identity primary key,
		province_id integer not null references province(id),
		code text not null unique,
		name text not null,
		-- Two-tier addresses since 1 July 2025: phường (urban), xã (rural), đặc khu (special zone).
		kind text not null check (kind in ('phuong', 'xa', 'dac_khu')),
		geom geometry(MultiPolygon, 4326),
		unique (province_id, name)
	);
	create index ward_geom_gix on ward using gist (geom);

	create table zone (
		id integer generated always as identity primary key,
		code text not null unique,
		name text not null,
		geom geometry(MultiPolygon, 4326) not null check (ST_IsValid(geom)),
		geom_3857 geometry(MultiPolygon, 3857) generated always as (ST_Transform(geom, 3857)) stored,
		created_at timestamptz not null default now()
	);
	create index zone_geom_gix on zone using gist (geom);
	create index zone_geom_3857_gix on zone using gist (geom_3857);

	create table master_meter (
		id integer generated always as identity primary key,
		serial text not null unique,
		name text not null,
		size_mm integer not null check (size_mm between 15 and 2000),
		-- 'in' feeds the zone, 'out' takes water out of it to a neighbour.
		direction text not null check (direction in ('in', 'out')),
		zone_id integer not null references zone(id),
		installed_on date,
		geom geometry(Point, 4326) not null,
		geom_3857 geometry(Point, 3857) generated always as (ST_Transform(geom, 3857)) stored
	);
	create index master_meter_zone_idx on master_meter (zone_id);
	create index master_meter_geom_gix on master_meter using gist (geom);
	create index master_meter_geom_3857_gix on master_meter using gist (geom_3857);

	-- Volume through a master meter per calendar month, m³ (3 decimals).
	create table master_meter_volume (
		master_meter_id integer not null references master_meter(id) on delete cascade,
		period_month date not null check (extract(day from period_month) = 1),
		volume_m3 numeric(14, 3) not null check (volume_m3 >= 0),
		primary key (master_meter_id, period_month)
	);
	`
	);

	await runSqlScript(
		db,
		`
	create table role (
		code text primary key check (code in ('admin', 'dispatcher', 'supervisor', 'engineer',
			'billing_clerk', 'cashier', 'customer_service', 'field')),
		name_vi text not null,
		name_en text not null,
		-- Route-scoped roles see only the routes listed in staff_route_scope.
		route_scoped boolean not null default false
	);
	create table role_permission (
		role_code text not null references role(code) on delete cascade,
		module text not null check (module in ('map', 'customers', 'meters', 'routes', 'work_orders',
			'tracking', 'readings', 'billing', 'payments', 'nrw', 'admin')),
		can_access boolean not null default false,
		can_create boolean not null default false,
		can_edit boolean not null default false,
		can_delete boolean not null default false,
		can_print boolean not null default false,
		can_export boolean not null default false,
		primary key (role_code, module),
		check (can_access or not (can_create or can_edit or can_delete or can_print or can_export))
	);
	create table staff (
		id integer generated always as identity primary key,
		username text not null check (username ~ '^[a-z0-9._-]{3,40}$'),
		full_name text not null check (length(full_name) between 1 and 120),
		role_code text not null references role(code),
		password_hash text not null,
		phone text,
		active boolean not null default true,
		created_at timestamptz not null default now()
	);
	create unique index staff_username_key on staff (lower(username));

	create table session (
		-- SHA-256 of the cookie token, hex: a leaked table does not leak usable cookies.
		id text primary key,
		staff_id integer not null references staff(id) on delete cascade,
		created_at timestamptz not null default now(),
		expires_at timestamptz not null,
		ip text,
		user_agent text
	);
	create index session_staff_idx on session (staff_id);

	-- Every sign-in attempt, kept for rate limiting and for the admin's eyes.
	create table login_attempt (
		id bigint generated always as identity primary key,
		username text not null,
		ip text not null,
		succeeded boolean not null,
		at timestamptz not null default now()
	);
	create index login_attempt_recent_idx on login_attempt (username, at);
	create index login_attempt_ip_idx on login_attempt (ip, at);
	`
	);

	await runSqlScript(
		db,
		`
	create table route (
		id integer generated always as identity primary key,
		code text not null unique,
		name text not null,
		zone_id integer references zone(id),
		created_at timestamptz not null default now()
	);
	create table staff_route_scope (
		staff_id integer not null references staff(id) on delete cascade,
		route_id integer not null references route(id) on delete cascade,
		primary key (staff_id, route_id)
	);
	create index staff_route_scope_route_idx on staff_route_scope (route_id);

	create sequence customer_code_seq;
	create table customer (
		id integer generated always as identity primary key,
		-- Danh bộ: generated, never edited (trigger below).
		code text not null unique default ('KH' || lpad(nextval('customer_code_seq')::text, 8, '0')),
		name text not null check (length(name) between 1 and 200),
		kind text not null check (kind in ('individual', 'organization')),
		tax_or_id_number text check (tax_or_id_number ~ '^[0-9]{9,14}(-[0-9]{3})?$'),
		address text not null,
		ward_id integer not null references ward(id),
		geom geometry(Point, 4326) not null,
		geom_3857 geometry(Point, 3857) generated always as (ST_Transform(geom, 3857)) stored,
		zone_id integer references zone(id),
		phone text check (phone ~ '^\\+?[0-9]{9,12}$'),
		email text check (email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'),
		bank_account text,
		bank_name text,
		payment_method text not null default 'cash'
			check (payment_method in ('cash', 'bank_transfer', 'auto_debit', 'e_wallet')),
		check (payment_method not in ('bank_transfer', 'auto_debit') or bank_account is not null),
		category text not null check (category in ('domestic', 'poor_household', 'administrative',
			'public_service', 'production', 'business')),
		industry text,
		households integer not null default 1 check (households between 1 and 500),
		persons integer not null default 1 check (persons between 0 and 5000),
		status text not null default 'active' check (status in ('active', 'suspended', 'cut_off')),
		route_id integer references route(id),
		-- Position in the route, in tens (10, 20, 30…) so an insert fits between two.
		route_seq integer check (route_seq > 0),
		check ((route_id is null) = (route_seq is null)),
		created_at timestamptz not null default now(),
		updated_at timestamptz not null default now()
	);
	create unique index customer_route_seq_key on customer (route_id, route_seq);
	create index customer_ward_idx on customer (ward_id);
	create index customer_zone_idx on customer (zone_id);
	create index customer_geom_gix on customer using gist (geom);
	create index customer_geom_3857_gix on customer using gist (geom_3857);

	create function customer_code_immutable() returns trigger language plpgsql as $$
	begin
		if new.code is distinct from old.code then
			raise exception 'customer.code is immutable (% -> %)', old.code, new.code
				using errcode = 'check_violation';
		end if;
		return new;
	end $$;
	create trigger customer_code_immutable before update of code on customer
		for each row execute function customer_code_immutable();
	`
	);

	await runSqlScript(
		db,
		`
	create table meter (
		id integer generated always as identity primary key,
		serial text not null unique,
		brand text not null,
		model text,
		size_mm integer not null check (size_mm between 15 and 300),
		dial_digits integer not null default 5 check (dial_digits between 4 and 8),
		seal_no text,
		status text not null default 'in_service' check (status in ('in_stock', 'in_service', 'removed')),
		customer_id integer references customer(id),
		zone_id integer references zone(id),
		installed_on date,
		installed_by text,
		verified_on date,
		verification_due_on date,
		check (verification_due_on is null or verified_on is null or verification_due_on > verified_on),
		check ((status = 'in_service') = (customer_id is not null)),
		check (status <> 'in_service' or (installed_on is not null and zone_id is not null))
	);
	-- One meter serves one connection at a time, and a connection has one meter in service.
	create unique index meter_in_service_customer_key on meter (customer_id) where status = 'in_service';
	create index meter_verification_due_idx on meter (verification_due_on) where status = 'in_service';

	create table meter_replacement (
		id integer generated always as identity primary key,
		customer_id integer not null references customer(id),
		old_meter_id integer not null references meter(id),
		new_meter_id integer not null references meter(id),
		replaced_on date not null,
		-- Meter indexes in m³ (3 decimals): both flow into the reading history.
		old_final_index numeric(12, 3) not null check (old_final_index >= 0),
		new_initial_index numeric(12, 3) not null check (new_initial_index >= 0),
		reason text not null,
		performed_by integer references staff(id),
		check (old_meter_id <> new_meter_id)
	);
	create index meter_replacement_customer_idx on meter_replacement (customer_id);

	create table contract (
		id integer generated always as identity primary key,
		customer_id integer not null references customer(id),
		-- 1 for the first signing, 2, 3… for each re-signing; the number is derived (trigger).
		revision integer not null check (revision between 1 and 99),
		number text not null unique,
		status text not null default 'active' check (status in ('active', 'superseded', 'terminated')),
		signed_on date not null,
		handover_on date,
		installed_on date,
		installation_team text,
		created_at timestamptz not null default now(),
		unique (customer_id, revision),
		check (handover_on is null or handover_on >= signed_on)
	);
	create unique index contract_active_key on contract (customer_id) where status = 'active';

	create function contract_number() returns trigger language plpgsql as $$
	begin
		new.number := (select code from customer where id = new.customer_id) || '/' || lpad(new.revision::text, 2, '0');
		return new;
	end $$;
	create trigger contract_number before insert or update of customer_id, revision, number on contract
		for each row execute function contract_number();
	`
	);

	await runSqlScript(
		db,
		`
	create table audit_log (
		id bigint generated always as identity primary key,
		at timestamptz not null default now(),
		actor_id integer references staff(id),
		entity text not null,
		entity_id text not null,
		action text not null,
		old_values jsonb,
		new_values jsonb
	);
	create index audit_log_entity_idx on audit_log (entity, entity_id, at);

	create function audit_log_append_only() returns trigger language plpgsql as $$
	begin
		raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
	end $$;
	create trigger audit_log_append_only before update or delete on audit_log
		for each row execute function audit_log_append_only();
	`
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop table if exists audit_log, contract, meter_replacement, meter, customer, staff_route_scope,
		route, login_attempt, session, staff, role_permission, role, master_meter_volume,
		master_meter, zone, ward, province cascade;
	drop sequence if exists customer_code_seq;
	drop function if exists customer_code_immutable, contract_number, audit_log_append_only;
	`
	);
}
