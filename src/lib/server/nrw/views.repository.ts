/**
 * What the NRW screens read: the stored balances (nrw_balance), the zones and their master
 * meters with their monthly volumes, and the zone settings. Never the readings: a screen
 * costs the same on 2 000 customers as on a million (one row per zone and month).
 */
import { sql, type Kysely } from 'kysely';
import type { Balance } from '../../domain/water-balance/balance.ts';
import type { BalanceInput } from '../../domain/water-balance/balance.schema.ts';
import type { DataQuality, IncompleteReason } from '../../domain/water-balance/zone-balance.ts';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface BalanceRow {
	zone_id: number;
	code: string;
	name: string;
	/** null when the month has no stored balance for this zone (added since). */
	computed_at: Date | null;
	complete: boolean | null;
	reasons: IncompleteReason[] | null;
	input: Partial<BalanceInput> | null;
	result: Balance | null;
	quality: DataQuality | null;
	quality_score: number | null;
}

/** Every zone with its balance of the month (null columns where none is stored). */
export async function monthBalances(db: Db, month: string, zoneId?: number): Promise<BalanceRow[]> {
	const { rows } = await sql<BalanceRow>`
		select z.id as zone_id, z.code, z.name, b.computed_at, b.complete, b.reasons, b.input,
			b.result, b.quality, b.quality_score::float8 as quality_score
		from zone z
		left join nrw_balance b on b.zone_id = z.id and b.period_month = ${month}::date
		where ${zoneId ?? null}::int is null or z.id = ${zoneId ?? null}::int
		order by z.code`.execute(db);
	return rows;
}

export interface ZoneShape {
	zone_id: number;
	code: string;
	name: string;
	/** GeoJSON MultiPolygon, 6 decimals (≈ 0.1 m). */
	geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
	/** A point inside the zone for its label: [lon, lat]. */
	label: [number, number];
}

export async function zoneShapes(db: Db): Promise<ZoneShape[]> {
	const { rows } = await sql<ZoneShape>`
		select id as zone_id, code, name, st_asgeojson(geom, 6)::json as geometry,
			json_build_array(round(st_x(p)::numeric, 6), round(st_y(p)::numeric, 6)) as label
		from zone, lateral st_pointonsurface(geom) p
		order by id`.execute(db);
	return rows.map((r) => ({ ...r, label: [Number(r.label[0]), Number(r.label[1])] }));
}

/** [west, south, east, north] of all zones; null without zones. */
export async function zonesBounds(db: Db): Promise<[number, number, number, number] | null> {
	const { rows } = await sql<{ w: number | null; s: number; e: number; n: number }>`
		select st_xmin(x) as w, st_ymin(x) as s, st_xmax(x) as e, st_ymax(x) as n
		from (select st_extent(geom)::box2d as x from zone) b`.execute(db);
	const b = rows[0];
	return b && b.w !== null ? [b.w, b.s, b.e, b.n] : null;
}

export interface ZoneHead {
	id: number;
	code: string;
	name: string;
}

export async function zoneHead(db: Db, zoneId: number): Promise<ZoneHead | null> {
	const row = await db
		.selectFrom('zone')
		.select(['id', 'code', 'name'])
		.where('id', '=', zoneId)
		.executeTakeFirst();
	return row ?? null;
}

export interface TrendRow {
	month: string;
	complete: boolean;
	nrw_pct: number | null;
	ili: number | null;
	real_losses_l: number | null;
}

/** The zone's stored months from..to (inclusive, 'YYYY-MM-01'), oldest first. */
export async function zoneTrend(db: Db, zoneId: number, from: string, to: string) {
	const { rows } = await sql<TrendRow>`
		select period_month::text as month, complete, nrw_pct::float8 as nrw_pct, ili::float8 as ili,
			(result->>'realLossesPerConnectionPerDayL')::float8 as real_losses_l
		from nrw_balance
		where zone_id = ${zoneId} and period_month between ${from}::date and ${to}::date
		order by period_month`.execute(db);
	return rows;
}

export interface MasterMeterRow {
	id: number;
	serial: string;
	name: string;
	direction: 'in' | 'out';
	size_mm: number;
	installed_on: string | null;
}

export async function zoneMasterMeters(db: Db, zoneId: number): Promise<MasterMeterRow[]> {
	const { rows } = await sql<MasterMeterRow>`
		select id, serial, name, direction, size_mm, installed_on::text as installed_on
		from master_meter where zone_id = ${zoneId} order by direction, serial`.execute(db);
	return rows;
}

/** Volumes of the zone's master meters from..to, m³. */
export async function zoneMeterVolumes(db: Db, zoneId: number, from: string, to: string) {
	const { rows } = await sql<{ master_meter_id: number; month: string; volume_m3: number }>`
		select v.master_meter_id, v.period_month::text as month, v.volume_m3::float8 as volume_m3
		from master_meter_volume v join master_meter mm on mm.id = v.master_meter_id
		where mm.zone_id = ${zoneId} and v.period_month between ${from}::date and ${to}::date
		order by v.period_month`.execute(db);
	return rows;
}

/** The zone's settings as stored (numbers, fractions); null when never configured. */
export interface StoredSettings {
	mains_length_km: number | null;
	service_length_km: number | null;
	avg_pressure_m: number | null;
	billed_unmetered_m3: number;
	unbilled_metered_m3: number;
	unbilled_unmetered_rate: number;
	meter_under_registration: number;
	unauthorized_rate: number;
}

const settingsColumns = sql`mains_length_km::float8 as mains_length_km,
	service_length_km::float8 as service_length_km, avg_pressure_m::float8 as avg_pressure_m,
	billed_unmetered_m3::float8 as billed_unmetered_m3,
	unbilled_metered_m3::float8 as unbilled_metered_m3,
	unbilled_unmetered_rate::float8 as unbilled_unmetered_rate,
	meter_under_registration::float8 as meter_under_registration,
	unauthorized_rate::float8 as unauthorized_rate`;

export async function zoneSettings(
	db: Db,
	zoneId: number,
	forUpdate = false
): Promise<StoredSettings | null> {
	const { rows } = await sql<StoredSettings>`
		select ${settingsColumns} from zone_nrw_settings where zone_id = ${zoneId}
		${forUpdate ? sql`for update` : sql``}`.execute(db);
	return rows[0] ?? null;
}

/** Inserts or replaces the zone's settings (the caller's transaction). */
export async function upsertSettings(
	db: Db,
	zoneId: number,
	s: StoredSettings,
	staffId: number
): Promise<void> {
	await sql`
		insert into zone_nrw_settings (zone_id, mains_length_km, service_length_km, avg_pressure_m,
			billed_unmetered_m3, unbilled_metered_m3, unbilled_unmetered_rate,
			meter_under_registration, unauthorized_rate, updated_at, updated_by)
		values (${zoneId}, ${s.mains_length_km}, ${s.service_length_km}, ${s.avg_pressure_m},
			${s.billed_unmetered_m3}, ${s.unbilled_metered_m3}, ${s.unbilled_unmetered_rate},
			${s.meter_under_registration}, ${s.unauthorized_rate}, now(), ${staffId})
		on conflict (zone_id) do update set
			mains_length_km = excluded.mains_length_km,
			service_length_km = excluded.service_length_km,
			avg_pressure_m = excluded.avg_pressure_m,
			billed_unmetered_m3 = excluded.billed_unmetered_m3,
			unbilled_metered_m3 = excluded.unbilled_metered_m3,
			unbilled_unmetered_rate = excluded.unbilled_unmetered_rate,
			meter_under_registration = excluded.meter_under_registration,
			unauthorized_rate = excluded.unauthorized_rate,
			updated_at = now(), updated_by = excluded.updated_by`.execute(db);
}
