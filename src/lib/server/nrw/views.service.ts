/**
 * The NRW screens' data: the month's overview (zones ranked by real losses per connection,
 * the choropleth's GeoJSON) and one zone's page (its balance, trend, master meters and
 * settings). Everything comes from the stored balances; a zone without a complete balance
 * carries its reasons, and its figures stay null, never 0.
 */
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import type { Balance } from '../../domain/water-balance/balance.ts';
import type { BalanceInput } from '../../domain/water-balance/balance.schema.ts';
import type { DataQuality, IncompleteReason } from '../../domain/water-balance/zone-balance.ts';
import type { Database } from '../db/connection.ts';
import { NrwError } from './compute.service.ts';
import { balancedMonths, defaultMonth } from './months.repository.ts';
import * as repo from './views.repository.ts';

/** An incomplete zone's reasons, plus "never computed for this month". */
export type ViewReason = IncompleteReason | { code: 'not_computed' };

export interface ZoneMonthView {
	zoneId: number;
	code: string;
	name: string;
	complete: boolean;
	reasons: ViewReason[];
	/** The balance input as far as it is known (m³, fractions, km, m). */
	input: Partial<BalanceInput>;
	result: Balance | null;
	quality: DataQuality | null;
	qualityScore: number | null;
	computedAt: string | null;
	/** The figures the balance would use, null where the reasons make them unknown. */
	known: KnownFigures;
}

export interface KnownFigures {
	days: number | null;
	connections: number | null;
	systemInput: number | null;
	billedMetered: number | null;
	billedUnmetered: number | null;
	unbilledMetered: number | null;
	unbilledUnmetered: number | null;
	mainsLengthKm: number | null;
	serviceLengthKm: number | null;
	avgPressureM: number | null;
}

/**
 * The stored input with what is not actually known blanked out: a master-meter gap makes the
 * system input (and the flushing share of it) unknown, no readings the metered consumption.
 * A screen shows these as blanks, never as the 0 the input carries for them.
 */
export function knownFigures(input: Partial<BalanceInput>, reasons: ViewReason[]): KnownFigures {
	const has = (code: ViewReason['code']) => reasons.some((r) => r.code === code);
	const none = has('not_computed');
	const sivUnknown = none || has('no_master_meter') || has('master_meter_gap');
	const value = (n: number | undefined, unknown = false) => (unknown || n === undefined ? null : n);
	return {
		days: value(input.days, none),
		connections: value(input.connections, none || has('no_connections')),
		systemInput: value(input.systemInput, sivUnknown),
		billedMetered: value(input.billedMetered, none || has('no_readings')),
		billedUnmetered: value(input.billedUnmetered, none),
		unbilledMetered: value(input.unbilledMetered, none),
		unbilledUnmetered: value(input.unbilledUnmetered, sivUnknown),
		mainsLengthKm: value(input.mainsLengthKm, none),
		serviceLengthKm: value(input.serviceLengthKm, none),
		avgPressureM: value(input.avgPressureM, none)
	};
}

/** The screens show at most this many months (the slider and the trend). */
export const shownMonths = 24;

function viewOf(row: repo.BalanceRow): ZoneMonthView {
	const stored = row.complete !== null;
	const reasons: ViewReason[] = stored ? (row.reasons ?? []) : [{ code: 'not_computed' }];
	return {
		zoneId: row.zone_id,
		code: row.code,
		name: row.name,
		complete: row.complete === true && row.result !== null,
		reasons,
		input: row.input ?? {},
		result: row.result,
		quality: row.quality,
		qualityScore: row.quality_score,
		computedAt: row.computed_at ? new Date(row.computed_at).toISOString() : null,
		known: knownFigures(row.input ?? {}, reasons)
	};
}

/**
 * The ranking: complete zones by real losses per connection and day (the volumetric KPI IWA
 * recommends for comparing zones), worst first; then the incomplete ones, by code.
 */
export function rankZones(zones: ZoneMonthView[]): ZoneMonthView[] {
	const loss = (z: ZoneMonthView) => z.result?.realLossesPerConnectionPerDayL ?? 0;
	const complete = zones.filter((z) => z.complete).sort((a, b) => loss(b) - loss(a));
	const incomplete = zones.filter((z) => !z.complete).sort((a, b) => a.code.localeCompare(b.code));
	return [...complete, ...incomplete];
}

const MONTH_PARAM = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The month a screen shows: ?month=YYYY-MM when given (400 naming `month` when malformed),
 * else the default month. null when nothing was ever balanced and no month was asked for.
 */
export async function chosenMonth(db: Database, raw: string | null): Promise<string | null> {
	if (raw !== null && raw !== '') {
		if (!MONTH_PARAM.test(raw)) throw new NrwError(400, 'month', 'tháng phải có dạng YYYY-MM');
		return `${raw}-01`;
	}
	return defaultMonth(db);
}

/** The balanced months up to `month` (newest `shownMonths`), oldest first. */
async function monthsUpTo(db: Database, month: string | null): Promise<string[]> {
	const all = await balancedMonths(db);
	const upTo = month ? all.filter((m) => m <= month) : all;
	return upTo.slice(0, shownMonths).reverse();
}

export interface NrwOverview {
	month: string | null;
	/** For the period slider: the newest balanced months, oldest first. */
	months: string[];
	zones: ZoneMonthView[];
	map: FeatureCollection<MultiPolygon>;
	/** Where to put each zone's label: [lon, lat] by zone id. */
	labels: Record<number, [number, number]>;
	bounds: [number, number, number, number] | null;
}

export async function monthZones(db: Database, month: string): Promise<ZoneMonthView[]> {
	return rankZones((await repo.monthBalances(db, month)).map(viewOf));
}

export async function overview(db: Database, month: string | null): Promise<NrwOverview> {
	const all = (await balancedMonths(db)).slice(0, shownMonths).reverse();
	const months = month && !all.includes(month) ? [...all, month].sort() : all;
	const [zones, shapes, bounds] = await Promise.all([
		month ? monthZones(db, month) : Promise.resolve([]),
		repo.zoneShapes(db),
		repo.zonesBounds(db)
	]);
	const byId = new Map(zones.map((z) => [z.zoneId, z]));
	const features: Feature<MultiPolygon>[] = shapes.map((s) => {
		const z = byId.get(s.zone_id);
		return {
			type: 'Feature',
			id: s.zone_id,
			geometry: s.geometry,
			properties: {
				zoneId: s.zone_id,
				code: s.code,
				name: s.name,
				// null, not 0, when incomplete: the map paints those grey.
				nrwPct: z?.result?.nrwPct ?? null,
				ili: z?.result?.ili ?? null,
				band: z?.result?.band ?? null,
				complete: z?.complete ?? false
			}
		};
	});
	return {
		month,
		months,
		zones,
		map: { type: 'FeatureCollection', features },
		labels: Object.fromEntries(shapes.map((s) => [s.zone_id, s.label])),
		bounds
	};
}

export interface TrendPoint {
	month: string;
	/** null for a month with no complete balance (a gap in the chart). */
	nrwPct: number | null;
	ili: number | null;
	realLossesL: number | null;
}

export interface MeterHistory extends repo.MasterMeterRow {
	/** m³ per month of `meterMonths`, null = no volume recorded. */
	volumes: (number | null)[];
}

export interface ZonePage {
	month: string | null;
	months: string[];
	balance: ZoneMonthView | null;
	trend: TrendPoint[];
	meterMonths: string[];
	meters: MeterHistory[];
	settings: repo.StoredSettings | null;
}

export async function zoneHeadOrThrow(db: Database, zoneId: number): Promise<repo.ZoneHead> {
	const zone = await repo.zoneHead(db, zoneId);
	if (!zone) throw new NrwError(404, 'zoneId', 'không có vùng này');
	return zone;
}

export async function zoneBalance(
	db: Database,
	zoneId: number,
	month: string
): Promise<ZoneMonthView | null> {
	const [row] = await repo.monthBalances(db, month, zoneId);
	return row ? viewOf(row) : null;
}

export async function zonePage(
	db: Database,
	zoneId: number,
	month: string | null
): Promise<ZonePage> {
	const months = await monthsUpTo(db, month);
	if (!month)
		return { month, months, balance: null, trend: [], meterMonths: [], meters: [], settings: null };
	const trendMonths = months.includes(month) ? months : [...months, month].slice(-shownMonths);
	const meterMonths = trendMonths.slice(-12);
	const [balance, trendRows, meterRows, volumes, settings] = await Promise.all([
		zoneBalance(db, zoneId, month),
		repo.zoneTrend(db, zoneId, trendMonths[0], month),
		repo.zoneMasterMeters(db, zoneId),
		repo.zoneMeterVolumes(db, zoneId, meterMonths[0], month),
		repo.zoneSettings(db, zoneId)
	]);
	const trendBy = new Map(trendRows.map((r) => [r.month, r]));
	const trend = trendMonths.map((m) => {
		const r = trendBy.get(m);
		const ok = r?.complete === true;
		return {
			month: m,
			nrwPct: ok ? r.nrw_pct : null,
			ili: ok ? r.ili : null,
			realLossesL: ok ? r.real_losses_l : null
		};
	});
	const volumeOf = new Map(volumes.map((v) => [`${v.master_meter_id}|${v.month}`, v.volume_m3]));
	const meters = meterRows.map((mm) => ({
		...mm,
		volumes: meterMonths.map((m) => volumeOf.get(`${mm.id}|${m}`) ?? null)
	}));
	return { month, months, balance, trend, meterMonths, meters, settings };
}
