import { sql, type Kysely } from 'kysely';
import { runSqlScript } from '../src/lib/server/db/sql-script.ts';

/**
 * What the map reads, prepared so a tile request does no joins and no per-row transforms:
 *
 * - `wl_fold(text)`: lower case without Vietnamese diacritics (unaccent, Đ → d), immutable so
 *   it can back a stored column and an index. Search folds both sides with it.
 * - `customer.search_text`: code, name, address and phone folded, with a trigram index.
 * - `customer_map`: one narrow row per customer with everything the customer tiles style by
 *   (category, status, route, ward, zone, meter verification due date, last consumption in m³,
 *   open work orders), kept by statement-level triggers on customer, meter, reading and
 *   work_order.
 * - `customer_cell`: customer counts per grid cell at zooms 10–13 (64 cells per tile side),
 *   per route, ward, zone and category so low-zoom tiles can be filtered without scanning a
 *   million rows. Kept by triggers on customer_map.
 * - `pg_notify('waterline_map', …)` after every change, with the changed layer and extent in
 *   EPSG:3857, so each app process drops exactly the cached tiles that changed.
 *
 * Bulk loads set `waterline.bulk_load = on`, which makes the triggers step aside, and call
 * `map_refresh_customers(null)` once at the end.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	create extension if not exists pg_trgm;
	create extension if not exists unaccent;

	create function wl_fold(t text) returns text language sql immutable parallel safe strict as $$
		select lower(public.unaccent('public.unaccent'::regdictionary, normalize(t, NFC)))
	$$;

	alter table customer add column search_text text generated always as (
		wl_fold(code || ' ' || name || ' ' || address || ' ' || coalesce(phone, ''))) stored;
	create index customer_search_trgm_idx on customer using gin (search_text gin_trgm_ops);
	create index meter_serial_pattern_idx on meter (serial text_pattern_ops);
	create index customer_phone_pattern_idx on customer (phone text_pattern_ops);

	create table customer_map (
		customer_id integer primary key,
		code text not null,
		g geometry(Point, 3857) not null,
		category text not null,
		status text not null,
		route_id integer,
		ward_id integer not null,
		zone_id integer,
		-- Due date of the in-service meter's verification (kiểm định); null without a meter.
		verification_due_on date,
		-- Consumption of the customer's latest reading that has one, m³ (3 decimals).
		last_consumption_m3 numeric(12, 3),
		-- Work orders not yet finished in the field (new … in_progress).
		open_work_orders integer not null default 0
	);
	create index customer_map_g_gix on customer_map using gist (g);
	-- A tile reads one small index range: parallel workers cost more to start than they save,
	-- and on a small server they take the cores other requests need (a dense z14 tile measured
	-- 21–25 ms with 2 workers, 11–12 ms without).
	alter table customer_map set (parallel_workers = 0);

	create table customer_cell (
		level smallint not null check (level between 10 and 13),
		-- Cell column and row at this level, counted from the top-left of the Web Mercator world.
		cx integer not null,
		cy integer not null,
		route_id integer,
		ward_id integer not null,
		zone_id integer,
		category text not null,
		n integer not null,
		-- Sums of the members' coordinates (EPSG:3857 metres), so a cell is drawn at its centroid.
		sx double precision not null,
		sy double precision not null,
		unique nulls not distinct (level, cx, cy, route_id, ward_id, zone_id, category)
	);

	-- The same cells without the filter dimensions: what an unfiltered, unscoped tile reads
	-- (a level-10 tile over a million customers: ~1k rows here against ~100k above).
	create table customer_cell_total (
		level smallint not null,
		cx integer not null,
		cy integer not null,
		n integer not null,
		sx double precision not null,
		sy double precision not null,
		primary key (level, cx, cy)
	);
	alter table customer_cell set (parallel_workers = 0);
	alter table customer_cell_total set (parallel_workers = 0);
	-- Route-scoped users (readers, billing clerks) read only their routes' cells.
	create index customer_cell_route_idx on customer_cell (route_id, level, cx, cy);

	-- Cell of a point at a level: 64 cells per tile side, tiles of the Web Mercator grid.
	create function map_cell_size(level integer) returns double precision
		language sql immutable parallel safe as $$ select 40075016.685578488 / (2 ^ level) / 64 $$;
	`
	);

	await runSqlScript(
		db,
		`
	create function map_bulk_loading() returns boolean language sql stable as $$
		select coalesce(current_setting('waterline.bulk_load', true), '') = 'on'
	$$;

	-- Recomputes the map rows of the given customers (all of them when ids is null). Rows
	-- whose values did not change are left alone, so no cell or cache churns for nothing.
	create function map_refresh_customers(ids integer[]) returns void language plpgsql as $$
	declare
		was_bulk text := coalesce(current_setting('waterline.bulk_load', true), '');
	begin
		if ids is null then
			-- A full rebuild writes the cells itself below; the row triggers step aside.
			perform set_config('waterline.bulk_load', 'on', true);
			truncate customer_map, customer_cell, customer_cell_total;
		else
			delete from customer_map m where m.customer_id = any(ids)
				and not exists (select 1 from customer c where c.id = m.customer_id);
		end if;
		insert into customer_map as t (customer_id, code, g, category, status, route_id, ward_id, zone_id,
			verification_due_on, last_consumption_m3, open_work_orders)
		select c.id, c.code, c.geom_3857, c.category, c.status, c.route_id, c.ward_id, c.zone_id,
			m.verification_due_on, r.consumption_m3, coalesce(w.n, 0)
		from customer c
		left join meter m on m.customer_id = c.id and m.status = 'in_service'
		left join (
			select distinct on (r.customer_id) r.customer_id, r.consumption_m3
			from reading r join reading_period p on p.id = r.period_id
			where r.consumption_m3 is not null and (ids is null or r.customer_id = any(ids))
			order by r.customer_id, p.period_month desc
		) r on r.customer_id = c.id
		left join (
			select w.customer_id, count(*)::int as n from work_order w
			where w.status in ('new', 'assigned', 'accepted', 'en_route', 'in_progress')
				and (ids is null or w.customer_id = any(ids))
			group by w.customer_id
		) w on w.customer_id = c.id
		where ids is null or c.id = any(ids)
		on conflict (customer_id) do update set g = excluded.g, category = excluded.category,
			status = excluded.status, route_id = excluded.route_id, ward_id = excluded.ward_id,
			zone_id = excluded.zone_id, verification_due_on = excluded.verification_due_on,
			last_consumption_m3 = excluded.last_consumption_m3,
			open_work_orders = excluded.open_work_orders
		where (t.g, t.category, t.status, t.route_id, t.ward_id, t.zone_id, t.verification_due_on,
				t.last_consumption_m3, t.open_work_orders)
			is distinct from (excluded.g, excluded.category, excluded.status, excluded.route_id,
				excluded.ward_id, excluded.zone_id, excluded.verification_due_on,
				excluded.last_consumption_m3, excluded.open_work_orders);
		if ids is null then
			insert into customer_cell (level, cx, cy, route_id, ward_id, zone_id, category, n, sx, sy)
			select l.level, floor((ST_X(m.g) + 20037508.342789244) / map_cell_size(l.level))::int,
				floor((20037508.342789244 - ST_Y(m.g)) / map_cell_size(l.level))::int,
				m.route_id, m.ward_id, m.zone_id, m.category, count(*), sum(ST_X(m.g)), sum(ST_Y(m.g))
			from customer_map m cross join generate_series(10, 13) l(level)
			group by 1, 2, 3, 4, 5, 6, 7;
			insert into customer_cell_total (level, cx, cy, n, sx, sy)
			select level, cx, cy, sum(n), sum(sx), sum(sy) from customer_cell group by 1, 2, 3;
			perform set_config('waterline.bulk_load', was_bulk, true);
			perform pg_notify('waterline_map', '{"layer":"customers"}');
		end if;
	end $$;

	-- Adds (sign 1) or removes (sign -1) map rows to or from the cell counts. Emptied cells
	-- are deleted by a second statement: a statement cannot delete a row it has just updated.
	create function map_cells_apply(rows_json jsonb, sign integer) returns void language plpgsql as $$
	begin
		with r as (
			select (x->>'route_id')::int as route_id, (x->>'ward_id')::int as ward_id,
				(x->>'zone_id')::int as zone_id, x->>'category' as category,
				(x->>'x')::float8 as x, (x->>'y')::float8 as y
			from jsonb_array_elements(rows_json) x
		), d as (
			select l.level, floor((r.x + 20037508.342789244) / map_cell_size(l.level))::int as cx,
				floor((20037508.342789244 - r.y) / map_cell_size(l.level))::int as cy,
				r.route_id, r.ward_id, r.zone_id, r.category,
				sign * count(*)::int as n, sign * sum(r.x) as sx, sign * sum(r.y) as sy
			from r cross join generate_series(10, 13) l(level)
			group by 1, 2, 3, 4, 5, 6, 7
		), by_dimension as (
			insert into customer_cell as c (level, cx, cy, route_id, ward_id, zone_id, category, n, sx, sy)
			select * from d
			on conflict (level, cx, cy, route_id, ward_id, zone_id, category) do update
				set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy
		)
		insert into customer_cell_total as c (level, cx, cy, n, sx, sy)
		select level, cx, cy, sum(n), sum(sx), sum(sy) from d group by 1, 2, 3
		on conflict (level, cx, cy) do update
			set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy;
		if sign < 0 then
			delete from customer_cell where n <= 0;
			delete from customer_cell_total where n <= 0;
		end if;
	end $$;
	create index customer_cell_empty_idx on customer_cell (level) where n <= 0;
	create index customer_cell_total_empty_idx on customer_cell_total (level) where n <= 0;
	`
	);

	await runSqlScript(
		db,
		`
	-- customer_map changed: move the cell counts and tell the app which extent changed.
	create function customer_map_changed() returns trigger language plpgsql as $$
	declare
		extent box2d;
		old_json jsonb := '[]';
		new_json jsonb := '[]';
	begin
		if map_bulk_loading() then return null; end if;
		if tg_op in ('UPDATE', 'DELETE') then
			select coalesce(jsonb_agg(jsonb_build_object('route_id', route_id, 'ward_id', ward_id,
				'zone_id', zone_id, 'category', category, 'x', ST_X(g), 'y', ST_Y(g))), '[]'),
				ST_Extent(g)
			into old_json, extent from old_rows;
			perform map_cells_apply(old_json, -1);
		end if;
		if tg_op in ('UPDATE', 'INSERT') then
			select coalesce(jsonb_agg(jsonb_build_object('route_id', route_id, 'ward_id', ward_id,
				'zone_id', zone_id, 'category', category, 'x', ST_X(g), 'y', ST_Y(g))), '[]'),
				coalesce(ST_Extent(g), extent)
			into new_json, extent from new_rows;
			perform map_cells_apply(new_json, 1);
		end if;
		if tg_op = 'UPDATE' then
			select ST_Extent(g) into extent from (select g from old_rows union all select g from new_rows) s;
		end if;
		if extent is not null then
			perform pg_notify('waterline_map', jsonb_build_object('layer', 'customers',
				'extent', jsonb_build_array(ST_XMin(extent), ST_YMin(extent), ST_XMax(extent),
					ST_YMax(extent)))::text);
		end if;
		return null;
	end $$;
	create trigger customer_map_inserted after insert on customer_map
		referencing new table as new_rows for each statement execute function customer_map_changed();
	create trigger customer_map_updated after update on customer_map
		referencing old table as old_rows new table as new_rows
		for each statement execute function customer_map_changed();
	create trigger customer_map_deleted after delete on customer_map
		referencing old table as old_rows for each statement execute function customer_map_changed();

	-- A source table changed: refresh the map rows of the customers it touched.
	create function map_source_changed() returns trigger language plpgsql as $$
	declare
		ids integer[];
		key text := tg_argv[0];
	begin
		if map_bulk_loading() then return null; end if;
		if tg_op = 'INSERT' then
			execute format('select array_agg(distinct %I) from new_rows', key) into ids;
		elsif tg_op = 'DELETE' then
			execute format('select array_agg(distinct %I) from old_rows', key) into ids;
		else
			execute format('select array_agg(distinct k) from (select %1$I as k from new_rows
				union select %1$I from old_rows) s', key) into ids;
		end if;
		ids := array_remove(ids, null);
		if cardinality(ids) > 0 then perform map_refresh_customers(ids); end if;
		return null;
	end $$;
	`
	);

	for (const [table, key] of [
		['customer', 'id'],
		['meter', 'customer_id'],
		['reading', 'customer_id'],
		['work_order', 'customer_id']
	]) {
		await runSqlScript(
			db,
			`
		create trigger ${table}_map_inserted after insert on ${table}
			referencing new table as new_rows for each statement
			execute function map_source_changed('${key}');
		create trigger ${table}_map_updated after update on ${table}
			referencing old table as old_rows new table as new_rows for each statement
			execute function map_source_changed('${key}');
		create trigger ${table}_map_deleted after delete on ${table}
			referencing old table as old_rows for each statement
			execute function map_source_changed('${key}');
		`
		);
	}

	await runSqlScript(
		db,
		`
	-- Zones and master meters are small: any change drops their whole cached layer.
	create function map_layer_changed() returns trigger language plpgsql as $$
	begin
		perform pg_notify('waterline_map', jsonb_build_object('layer', tg_argv[0])::text);
		return null;
	end $$;
	create trigger zone_map_changed after insert or update or delete or truncate on zone
		for each statement execute function map_layer_changed('zones');
	create trigger master_meter_map_changed after insert or update or delete or truncate
		on master_meter for each statement execute function map_layer_changed('master-meters');
	`
	);

	// The register may already hold customers: build their map rows once.
	await sql`select map_refresh_customers(null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await runSqlScript(
		db,
		`
	drop trigger if exists zone_map_changed on zone;
	drop trigger if exists master_meter_map_changed on master_meter;
	drop trigger if exists customer_map_inserted on customer_map;
	drop trigger if exists customer_map_updated on customer_map;
	drop trigger if exists customer_map_deleted on customer_map;
	${['customer', 'meter', 'reading', 'work_order']
		.flatMap((t) =>
			['inserted', 'updated', 'deleted'].map((e) => `drop trigger if exists ${t}_map_${e} on ${t};`)
		)
		.join('\n\t')}
	drop function if exists map_layer_changed, map_source_changed, customer_map_changed,
		map_cells_apply, map_refresh_customers, map_bulk_loading, map_cell_size;
	drop table if exists customer_cell_total, customer_cell, customer_map;
	drop index if exists customer_phone_pattern_idx, meter_serial_pattern_idx;
	alter table customer drop column if exists search_text;
	drop function if exists wl_fold;
	`
	);
}
