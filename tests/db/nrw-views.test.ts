// The NRW screens' server side against a seeded PostgreSQL (600 customers, every month
// balanced): the ranking by real losses, a zone made incomplete by a master-meter gap
// (listed last with its reason, figures blank, never 0), the settings form's validation and
// transactional save (audit, months marked out of date, recomputed with the new values), and
// the spreadsheets opened back with exceljs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import { computeDirty, computeMonth } from '../../src/lib/server/nrw/compute.service.ts';
import { prepareDemoBalances } from '../../src/lib/server/nrw/demo-nrw.ts';
import { defaultMonth } from '../../src/lib/server/nrw/months.repository.ts';
import { writeMonthXlsx, writeZoneXlsx } from '../../src/lib/server/nrw/nrw-xlsx.ts';
import {
	NrwSettingsError,
	parseSettings,
	saveZoneSettings,
	storeZoneSettings
} from '../../src/lib/server/nrw/settings.service.ts';
import {
	chosenMonth,
	monthZones,
	overview,
	zonePage,
	type ZoneMonthView
} from '../../src/lib/server/nrw/views.service.ts';
import { workbookOf } from './support/billing-report-rows.ts';

const validForm = {
	mains_length_km: '12,5',
	service_length_km: '3.2',
	avg_pressure_m: '32',
	billed_unmetered_m3: '150',
	unbilled_metered_m3: '40',
	unbilled_unmetered_pct: '1.5',
	meter_under_registration_pct: '3',
	unauthorized_pct: '0.5'
};

function refusal(form: Record<string, string>): { field: string; reason: string } {
	try {
		parseSettings(form);
	} catch (err) {
		if (err instanceof NrwSettingsError) return { field: err.field, reason: err.reason };
		throw err;
	}
	throw new Error('accepted');
}

describe('NRW views', () => {
	let scratch: ScratchDb;
	let month: string;
	let staffId: number;
	/** The zone made incomplete, and the serial of its master meter without a volume. */
	let gapZone: { id: number; code: string; serial: string };

	beforeAll(async () => {
		scratch = await createScratchDb('nrw_views');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 600, seed: 11, bulk: 'copy' });
		await ensureRoles(scratch.db);
		await prepareDemoBalances(scratch.db);
		month = (await defaultMonth(scratch.db))!;
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('kysu.test', 'Kỹ sư thử', 'engineer', 'x') returning id`;
		staffId = s.id;
		// The inflow meter of the zone with the most real losses loses its volume this month.
		const [worst] = await scratch.sql<{ id: number; code: string; serial: string }[]>`
			select z.id, z.code, mm.serial from nrw_balance b
			join zone z on z.id = b.zone_id
			join master_meter mm on mm.zone_id = z.id and mm.direction = 'in'
			where b.period_month = ${month} and b.complete
			order by (b.result->>'realLossesPerConnectionPerDayL')::float8 desc, mm.serial limit 1`;
		gapZone = worst;
		await scratch.sql`
			delete from master_meter_volume v using master_meter mm
			where mm.id = v.master_meter_id and mm.serial = ${worst.serial}
				and v.period_month = ${month}`;
		await computeMonth(scratch.db, month);
	}, 240_000);
	afterAll(async () => {
		await closeDb();
		await scratch?.drop();
	});

	it('opens on the default month and refuses a malformed ?month=', async () => {
		expect(await chosenMonth(scratch.db, null)).toBe(month);
		expect(await chosenMonth(scratch.db, month.slice(0, 7))).toBe(month);
		await expect(chosenMonth(scratch.db, '2026-13')).rejects.toMatchObject({
			status: 400,
			field: 'month'
		});
	});

	it('ranks complete zones by real losses per connection and day, worst first', async () => {
		const zones = await monthZones(scratch.db, month);
		const complete = zones.filter((z) => z.complete);
		const expected = await scratch.sql<{ zone_id: number }[]>`
			select zone_id from nrw_balance where period_month = ${month} and complete
			order by (result->>'realLossesPerConnectionPerDayL')::float8 desc`;
		expect(complete.map((z) => z.zoneId)).toEqual(expected.map((r) => r.zone_id));
		expect(complete.length).toBeGreaterThan(2);
		const [{ count }] = await scratch.sql<{ count: number }[]>`select count(*)::int from zone`;
		expect(zones).toHaveLength(count);
	});

	it('lists an incomplete zone after the complete ones, with its reason and no zeros', async () => {
		const zones = await monthZones(scratch.db, month);
		const at = zones.findIndex((z) => z.zoneId === gapZone.id);
		const gap = zones[at] as ZoneMonthView;
		expect(gap.complete).toBe(false);
		expect(zones.slice(0, at).every((z) => z.complete)).toBe(true);
		expect(gap.reasons).toContainEqual({ code: 'master_meter_gap', serials: [gapZone.serial] });
		expect(gap.result).toBeNull();
		expect(gap.known.systemInput).toBeNull();
		expect(gap.known.billedMetered).toBeGreaterThan(0);

		const view = await overview(scratch.db, month);
		const feature = view.map.features.find((f) => f.properties?.zoneId === gapZone.id)!;
		expect(feature.properties).toMatchObject({ complete: false, nrwPct: null, ili: null });
		expect(view.map.features).toHaveLength(zones.length);
		expect(view.months).toContain(month);

		const page = await zonePage(scratch.db, gapZone.id, month);
		expect(page.trend.at(-1)).toEqual({ month, nrwPct: null, ili: null, realLossesL: null });
		const meter = page.meters.find((mm) => mm.serial === gapZone.serial)!;
		expect(meter.volumes.at(-1)).toBeNull();
		expect(page.trend.filter((p) => p.nrwPct !== null).length).toBeGreaterThan(0);
	});

	it('refuses bad settings naming the field in Vietnamese', () => {
		expect(refusal({ ...validForm, mains_length_km: '0' })).toEqual({
			field: 'mains_length_km',
			reason: 'chiều dài ống chính (km) phải lớn hơn 0 và nhỏ hơn 1.000.000'
		});
		expect(refusal({ ...validForm, avg_pressure_m: 'abc' })).toMatchObject({
			field: 'avg_pressure_m',
			reason: 'áp lực trung bình (m) phải là một số'
		});
		expect(refusal({ ...validForm, unauthorized_pct: '100' }).field).toBe('unauthorized_pct');
		// Values the columns would round onto their bounds (numeric(6, 1) > 0, fractions < 1).
		expect(refusal({ ...validForm, avg_pressure_m: '0.01' }).field).toBe('avg_pressure_m');
		expect(refusal({ ...validForm, unbilled_unmetered_pct: '99.99999' }).field).toBe(
			'unbilled_unmetered_pct'
		);
		expect(refusal({ ...validForm, service_length_km: '-1' }).field).toBe('service_length_km');
		expect(refusal({ ...validForm, billed_unmetered_m3: '' })).toEqual({
			field: 'billed_unmetered_m3',
			reason: 'thiếu tiêu thụ có hóa đơn không đồng hồ (m³/tháng) (bắt buộc)'
		});
		// Network data may be left empty: not surveyed yet.
		expect(parseSettings({ ...validForm, mains_length_km: '' }).mains_length_km).toBeNull();
		expect(parseSettings(validForm)).toMatchObject({
			mains_length_km: 12.5,
			unbilled_unmetered_rate: 0.015,
			meter_under_registration: 0.03,
			unauthorized_rate: 0.005
		});
	});

	it('saves settings with an audit entry, marks the months dirty and recomputes them', async () => {
		const zone = (await monthZones(scratch.db, month)).find((z) => z.complete)!;
		await scratch.sql`delete from nrw_dirty`;
		await storeZoneSettings(scratch.db, staffId, zone.zoneId, validForm);

		const [row] = await scratch.sql`
			select mains_length_km::float8 as km, unauthorized_rate::float8 as rate, updated_by
			from zone_nrw_settings where zone_id = ${zone.zoneId}`;
		expect(row).toEqual({ km: 12.5, rate: 0.005, updated_by: staffId });
		const [audit] = await scratch.sql`
			select actor_id, action, new_values from audit_log
			where entity = 'zone_nrw_settings' and entity_id = ${String(zone.zoneId)}`;
		expect(audit).toMatchObject({ actor_id: staffId, action: 'update' });
		const dirty = await scratch.sql`select 1 from nrw_dirty where period_month = ${month}`;
		expect(dirty.length).toBeGreaterThan(0);

		const done = await computeDirty(scratch.db);
		expect(done.map((d) => d.month)).toContain(month);
		const [b] = await scratch.sql<{ input: Record<string, number> }[]>`
			select input from nrw_balance where zone_id = ${zone.zoneId} and period_month = ${month}`;
		expect(b.input).toMatchObject({
			mainsLengthKm: 12.5,
			serviceLengthKm: 3.2,
			avgPressureM: 32,
			billedUnmetered: 150,
			unbilledMetered: 40,
			meterUnderRegistration: 0.03,
			unauthorizedRate: 0.005
		});

		// A refused form changes nothing.
		await expect(
			storeZoneSettings(scratch.db, staffId, zone.zoneId, { ...validForm, avg_pressure_m: '0' })
		).rejects.toBeInstanceOf(NrwSettingsError);
		// The screen's save sweeps right away (no pg-boss here: computed in this process).
		await saveZoneSettings(scratch.db, staffId, zone.zoneId, {
			...validForm,
			avg_pressure_m: '40'
		});
		expect(await scratch.sql`select 1 from nrw_dirty`).toHaveLength(0);
		const [after] = await scratch.sql<{ p: number }[]>`
			select (input->>'avgPressureM')::float8 as p from nrw_balance
			where zone_id = ${zone.zoneId} and period_month = ${month}`;
		expect(after.p).toBe(40);
	}, 120_000);

	it('exports the month with every zone and the IWA components, numbers as numbers', async () => {
		const zones = await monthZones(scratch.db, month);
		const wb = await workbookOf((out) => writeMonthXlsx(month, zones, out));
		const sheet = wb.worksheets[0];
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		expect(header).toContain('Lượng nước vào hệ thống (m³)');
		expect(header).toContain('Thất thoát thực (m³)');
		expect(header).toContain('ILI');
		expect(sheet.rowCount).toBe(zones.length + 1);
		const col = (name: string) => header.indexOf(name) + 1;
		const first = sheet.getRow(2);
		expect(first.getCell(1).value).toBe(zones[0].code);
		expect(first.getCell(col('Lượng nước vào hệ thống (m³)')).value).toBe(
			zones[0].known.systemInput
		);
		expect(first.getCell(col('NRW (%)')).value).toBeCloseTo(zones[0].result!.nrwPct, 9);
		expect(first.getCell(col('NRW (%)')).numFmt).toBe('0.0');
		const gapRow = sheet.getRow(zones.findIndex((z) => z.zoneId === gapZone.id) + 2);
		expect(gapRow.getCell(col('Trạng thái')).value).toBe('Chưa đủ dữ liệu');
		expect(gapRow.getCell(col('Lượng nước vào hệ thống (m³)')).value).toBeNull();
		expect(gapRow.getCell(col('Thất thoát thực (m³)')).value).toBeNull();
		expect(String(gapRow.getCell(col('Cảnh báo / lý do chưa đủ dữ liệu')).value)).toContain(
			gapZone.serial
		);

		const zone = zones[0];
		const zwb = await workbookOf((out) => writeZoneXlsx(zone, month, zone, out));
		const zs = zwb.worksheets[0];
		// The IWA table: SIV's label and value merged down the seven component rows.
		expect(zs.getCell('A2').value).toBe('Lượng nước vào hệ thống');
		expect(zs.getCell('B2').value).toBe(zone.known.systemInput);
		expect(zs.getCell('B8').isMerged).toBe(true);
		expect(zs.getCell('J4').value).toBeCloseTo(zone.result!.nrw, 6);
		expect(zs.getCell('I4').value).toBe('Nước không doanh thu (NRW)');
	});
});
