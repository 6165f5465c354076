/**
 * A zone's NRW settings from the engineer's form: network data for UARL / ILI and the
 * configured parts of the balance. Validated field by field (Vietnamese reasons naming the
 * field, ranges as the table's checks), saved in one transaction with its audit entry; the
 * table's trigger marks every month out of date, and a sweep is asked for right away.
 */
import * as v from 'valibot';
import type { Database } from '../db/connection.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { areaParser, RequestError } from '../http/refusal.ts';
import { requestSweep } from './nrw.jobs.ts';
import * as repo from './views.repository.ts';

export class NrwSettingsError extends RequestError {}

export const settingsFieldNames = {
	mains_length_km: 'chiều dài ống chính (km)',
	service_length_km: 'chiều dài ống dịch vụ (km)',
	avg_pressure_m: 'áp lực trung bình (m)',
	billed_unmetered_m3: 'tiêu thụ có hóa đơn không đồng hồ (m³/tháng)',
	unbilled_metered_m3: 'tiêu thụ không hóa đơn có đồng hồ (m³/tháng)',
	unbilled_unmetered_pct: 'tiêu thụ không hóa đơn không đồng hồ (% SIV)',
	meter_under_registration_pct: 'sai số đồng hồ khách hàng (%)',
	unauthorized_pct: 'sử dụng trái phép (% SIV)'
} as const;
export type SettingsField = keyof typeof settingsFieldNames;

interface Range {
	/** Inclusive lower bound unless `above`. */
	min: number;
	above?: boolean;
	/** Exclusive upper bound unless `upTo`. */
	max: number;
	upTo?: boolean;
	/** Empty means "not surveyed" (null). */
	optional?: boolean;
	/** Decimals the column keeps: the value is rounded so before its range is checked. */
	scale: number;
}

const round = (n: number, scale: number) => Math.round(n * 10 ** scale) / 10 ** scale;
const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

/** A decimal typed in a form ('1.25' or '1,25'), checked against its range. */
function decimal(field: SettingsField, r: Range) {
	const name = settingsFieldNames[field];
	const lower = r.above ? `lớn hơn ${fmt(r.min)}` : `từ ${fmt(r.min)}`;
	const upper = r.upTo ? `đến ${fmt(r.max)}` : `nhỏ hơn ${fmt(r.max)}`;
	const inRange = (n: number) =>
		(r.above ? n > r.min : n >= r.min) && (r.upTo ? n <= r.max : n < r.max);
	return v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.check((s) => s !== '' || r.optional === true, `thiếu ${name} (bắt buộc)`),
		v.check((s) => s === '' || /^-?\d+([.,]\d+)?$/.test(s), `${name} phải là một số`),
		v.transform((s) => (s === '' ? null : round(Number(s.replace(',', '.')), r.scale))),
		v.check((n) => n === null || inRange(n), `${name} phải ${lower} và ${upper}`)
	);
}

// Stored as fractions with 5 decimals: 3 decimals of a percent.
const percent = (field: SettingsField) => decimal(field, { min: 0, max: 100, scale: 3 });

export const settingsSchema = v.object({
	mains_length_km: decimal('mains_length_km', {
		min: 0,
		above: true,
		max: 1e6,
		optional: true,
		scale: 3
	}),
	service_length_km: decimal('service_length_km', { min: 0, max: 1e6, optional: true, scale: 3 }),
	avg_pressure_m: decimal('avg_pressure_m', {
		min: 0,
		above: true,
		max: 1000,
		optional: true,
		scale: 1
	}),
	billed_unmetered_m3: decimal('billed_unmetered_m3', { min: 0, max: 1e10, scale: 3 }),
	unbilled_metered_m3: decimal('unbilled_metered_m3', { min: 0, max: 1e10, scale: 3 }),
	unbilled_unmetered_pct: percent('unbilled_unmetered_pct'),
	meter_under_registration_pct: percent('meter_under_registration_pct'),
	unauthorized_pct: percent('unauthorized_pct')
});

const parse = areaParser(NrwSettingsError, settingsFieldNames);

/** Percent as typed → the stored fraction, numeric(6, 5). */
const fraction = (pct: number | null) => Math.round((pct ?? 0) * 1000) / 100_000;

export function parseSettings(form: Record<string, unknown>): repo.StoredSettings {
	const s = parse(settingsSchema, form);
	return {
		mains_length_km: s.mains_length_km,
		service_length_km: s.service_length_km,
		avg_pressure_m: s.avg_pressure_m,
		billed_unmetered_m3: s.billed_unmetered_m3 ?? 0,
		unbilled_metered_m3: s.unbilled_metered_m3 ?? 0,
		unbilled_unmetered_rate: fraction(s.unbilled_unmetered_pct),
		meter_under_registration: fraction(s.meter_under_registration_pct),
		unauthorized_rate: fraction(s.unauthorized_pct)
	};
}

/** The column defaults of a zone never configured (what the balance uses for it). */
export const defaultSettings: repo.StoredSettings = {
	mains_length_km: null,
	service_length_km: null,
	avg_pressure_m: null,
	billed_unmetered_m3: 0,
	unbilled_metered_m3: 0,
	unbilled_unmetered_rate: 0.0125,
	meter_under_registration: 0.02,
	unauthorized_rate: 0.0025
};

/** Stored settings as the form shows them: percentages, '' where not surveyed. */
export function settingsForm(s: repo.StoredSettings | null): Record<SettingsField, string> {
	const x = s ?? defaultSettings;
	const text = (n: number | null) => (n === null ? '' : String(n));
	const pct = (f: number) => String(Math.round(f * 100_000) / 1000);
	return {
		mains_length_km: text(x.mains_length_km),
		service_length_km: text(x.service_length_km),
		avg_pressure_m: text(x.avg_pressure_m),
		billed_unmetered_m3: text(x.billed_unmetered_m3),
		unbilled_metered_m3: text(x.unbilled_metered_m3),
		unbilled_unmetered_pct: pct(x.unbilled_unmetered_rate),
		meter_under_registration_pct: pct(x.meter_under_registration),
		unauthorized_pct: pct(x.unauthorized_rate)
	};
}

/**
 * Validates and stores the zone's settings with their audit entry, in one transaction.
 * The settings trigger marks every known month out of date (nrw_dirty).
 */
export async function storeZoneSettings(
	db: Database,
	actorId: number,
	zoneId: number,
	form: Record<string, unknown>
): Promise<repo.StoredSettings> {
	const next = parseSettings(form);
	await db.transaction().execute(async (trx) => {
		if (!(await repo.zoneHead(trx, zoneId)))
			throw new NrwSettingsError(404, 'zoneId', 'không có vùng này');
		const old = await repo.zoneSettings(trx, zoneId, true);
		await repo.upsertSettings(trx, zoneId, next, actorId);
		await writeAudit(trx, {
			actorId,
			entity: 'zone_nrw_settings',
			entityId: zoneId,
			action: old ? 'update' : 'create',
			oldValues: old,
			newValues: next
		});
	});
	return next;
}

/** Stores the settings, then has the out-of-date months recomputed (a job, or here). */
export async function saveZoneSettings(
	db: Database,
	actorId: number,
	zoneId: number,
	form: Record<string, unknown>
): Promise<repo.StoredSettings> {
	const saved = await storeZoneSettings(db, actorId, zoneId, form);
	await requestSweep(db);
	return saved;
}
