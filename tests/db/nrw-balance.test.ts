// The water balance from the database: customer readings prorated by days onto the master
// meters' calendar month (off-cycle, no-access and estimated readings, the tail extrapolated
// when the next reading is missing), master meters signed, incomplete months with their
// reasons, out-of-date months marked by triggers and recomputed, and the pg-boss job.
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balance } from '../../src/lib/domain/water-balance/balance.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { computeDirty, computeMonth } from '../../src/lib/server/nrw/compute.service.ts';
import { registerNrwJobs, requestMonth } from '../../src/lib/server/nrw/nrw.jobs.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

const FEB = '2027-02-01';

interface Stored {
	complete: boolean;
	reasons: { code: string; serials?: string[]; fields?: string[] }[];
	input: Record<string, number | string>;
	result: Record<string, unknown> | null;
	quality: Record<string, number | string[]>;
	quality_score: string;
	computed_at: Date;
}

describe('NRW balance from the database', () => {
	let scratch: ScratchDb;
	let zone: number;
	/** Customers A–D of the test zone, by letter. */
	const c: Record<'A' | 'B' | 'C' | 'D', { id: number; meter: number }> = {} as never;
	const period: Record<string, number> = {};

	const stored = async (month: string, zoneId = zone) =>
		(
			await scratch.sql<Stored[]>`
				select complete, reasons, input, result, quality, quality_score, computed_at
				from nrw_balance where zone_id = ${zoneId} and period_month = ${month}`
		)[0];
	const dirty = async () =>
		(
			await scratch.sql<{ m: string }[]>`
				select distinct period_month::text as m from nrw_dirty order by 1`
		).map((r) => r.m);

	async function read(
		who: keyof typeof c,
		month: string,
		kind: 'actual' | 'estimated' | 'no_access',
		day: string,
		m3: number | null
	) {
		await scratch.sql`
			insert into reading (period_id, customer_id, meter_id, previous_index, current_index,
				consumption_m3, kind, read_at)
			values (${period[month]}, ${c[who].id}, ${c[who].meter}, 0, ${m3}, ${m3}, ${kind},
				${`${day}T09:00:00+07:00`})`;
	}

	beforeAll(async () => {
		scratch = await createScratchDb('nrw_balance');
		process.env.DATABASE_URL = scratch.url;
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 8, bulk: 'copy' });
		// A test zone: two inlets and an export, four customers moved in from the register.
		[{ id: zone }] = await scratch.sql<{ id: number }[]>`
			insert into zone (code, name, geom) values ('DMA-T', 'Vùng thử',
				ST_Multi(ST_GeomFromText('POLYGON((107.5 16.4,107.51 16.4,107.51 16.41,107.5 16.41,107.5 16.4))', 4326)))
			returning id`;
		await scratch.sql`
			insert into master_meter (serial, name, size_mm, direction, zone_id, installed_on, geom)
			values ('MMT-1', 'Đầu vào 1', 100, 'in', ${zone}, '2020-01-01', ST_Point(107.5, 16.4, 4326)),
				('MMT-2', 'Đầu vào 2', 100, 'in', ${zone}, '2020-01-01', ST_Point(107.51, 16.4, 4326)),
				('MMT-X', 'Xuất', 100, 'out', ${zone}, '2020-01-01', ST_Point(107.51, 16.41, 4326))`;
		const moved = await scratch.sql<{ id: number; meter: number }[]>`
			update customer cu set zone_id = ${zone}, status = 'active'
			from meter m where m.customer_id = cu.id and m.status = 'in_service'
				and cu.id in (select customer_id from meter where status = 'in_service'
					order by customer_id limit 4)
			returning cu.id, m.id as meter`;
		moved.sort((a, b) => a.id - b.id);
		(['A', 'B', 'C', 'D'] as const).forEach((k, i) => (c[k] = moved[i]));
		// Three months after the seed's year, closed (not locked) so readings can be written.
		for (const month of ['2027-01-01', FEB, '2027-03-01']) {
			const [{ id }] = await scratch.sql<{ id: number }[]>`
				insert into reading_period (period_month, status, closed_at)
				values (${month}, 'closed', now()) returning id`;
			period[month] = id;
		}
		await scratch.sql`
			insert into master_meter_volume (master_meter_id, period_month, volume_m3)
			select id, ${FEB}, case serial when 'MMT-1' then 600 when 'MMT-2' then 400 else 100 end
			from master_meter where zone_id = ${zone}`;
		await scratch.sql`
			insert into zone_nrw_settings (zone_id, mains_length_km, service_length_km, avg_pressure_m,
				billed_unmetered_m3, unbilled_metered_m3, unbilled_unmetered_rate)
			values (${zone}, 2, 0.02, 30, 10, 5, 0.01)`;

		// A: read on the 20th, 18th, 20th: 1 m³ a day, off the month boundary both sides.
		await read('A', '2027-01-01', 'actual', '2027-01-20', 5);
		await read('A', FEB, 'actual', '2027-02-18', 29);
		await read('A', '2027-03-01', 'actual', '2027-03-20', 30);
		// B: 2 m³ a day to 5 February, then no access in March: the rest of February is
		// extrapolated at that rate.
		await read('B', '2027-01-01', 'actual', '2027-01-05', 5);
		await read('B', FEB, 'actual', '2027-02-05', 62);
		await read('B', '2027-03-01', 'no_access', '2027-03-05', null);
		// C: no access in January, so February's 90 m³ covers the 61 days before 10 Feb.
		await read('C', '2027-01-01', 'no_access', '2027-01-10', null);
		await read('C', FEB, 'actual', '2027-02-10', 90);
		await read('C', '2027-03-01', 'actual', '2027-03-12', 30);
		// D: estimated in February.
		await read('D', '2027-01-01', 'actual', '2027-01-15', 5);
		await read('D', FEB, 'estimated', '2027-02-15', 31);
		await read('D', '2027-03-01', 'actual', '2027-03-15', 28);
	}, 180_000);

	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('marks the months a reading touches (its own and the one before) out of date', async () => {
		expect(await dirty()).toEqual(
			expect.arrayContaining(['2026-12-01', '2027-01-01', FEB, '2027-03-01'])
		);
	});

	it('prorates off-cycle readings by days onto the calendar month', async () => {
		await computeDirty(scratch.db);
		expect(await dirty()).toEqual([]);
		const b = await stored(FEB);
		// A: 17 of 29 days of 29 m³ + 11 of 30 days of 30 m³ = 28 (1 m³/day × 28 days).
		const a = 28;
		// B: 4 of 31 days of 62 m³ + 24 days extrapolated at 2 m³/day.
		const bM3 = 8 + 48;
		// C: 9 of 61 days of 90 m³ + 19 of 30 days of 30 m³.
		const cM3 = (90 * 9) / 61 + 19;
		// D: 14 of 31 days of 31 m³ + 14 of 28 days of 28 m³.
		const d = 14 + 14;
		expect(b.input.billedMetered as number).toBeCloseTo(a + bM3 + cM3 + d, 9);
		expect(b.quality).toMatchObject({
			expectedReadings: 4,
			actual: 3,
			estimated: 1,
			noAccess: 0,
			missing: 0,
			masterMeters: 3,
			masterMetersReporting: 3
		});
		expect(b.quality.extrapolatedM3 as number).toBeCloseTo(48, 9);
		// 3 of 4 readings actual, all meters reporting.
		expect(Number(b.quality_score)).toBe(75);
	});

	it('nets the export, applies the zone settings, and stores what the CLI computes', async () => {
		const b = await stored(FEB);
		expect(b.complete).toBe(true);
		expect(b.input).toMatchObject({
			zone: 'DMA-T',
			days: 28,
			systemInput: 900,
			billedUnmetered: 10,
			unbilledMetered: 5,
			unbilledUnmetered: 9,
			meterUnderRegistration: 0.02,
			unauthorizedRate: 0.0025,
			mainsLengthKm: 2,
			connections: 4,
			serviceLengthKm: 0.02,
			avgPressureM: 30
		});
		expect(b.result).toEqual(JSON.parse(JSON.stringify(balance(b.input))));
		expect(b.result!.warnings).toEqual(['connections_below_3000', 'density_below_20_per_km']);
	});

	it('marks a zone without data incomplete with its reasons, never zero', async () => {
		// A seeded zone in February 2027: no volumes recorded and none of its customers read.
		const [{ id: seeded }] = await scratch.sql<{ id: number }[]>`
			select id from zone where code <> 'DMA-T' order by id limit 1`;
		const other = await stored(FEB, seeded);
		expect(other.complete).toBe(false);
		expect(other.result).toBeNull();
		expect(other.reasons.map((r) => r.code)).toEqual(['master_meter_gap', 'no_readings']);
		const [{ nrw }] = await scratch.sql<{ nrw: string | null }[]>`
			select nrw_pct as nrw from nrw_balance where zone_id = ${seeded} and period_month = ${FEB}`;
		expect(nrw).toBeNull();
		// A zone with no master meter at all.
		const [{ id: bare }] = await scratch.sql<{ id: number }[]>`
			insert into zone (code, name, geom) values ('DMA-0', 'Không đồng hồ tổng',
				ST_Multi(ST_GeomFromText('POLYGON((107.6 16.4,107.61 16.4,107.61 16.41,107.6 16.4))', 4326)))
			returning id`;
		await computeMonth(scratch.db, FEB);
		expect((await stored(FEB, bare)).reasons.map((r) => r.code)).toEqual([
			'no_master_meter',
			'no_readings',
			'no_connections',
			'no_network_data'
		]);
	});

	it('recomputes when a reading or a volume of the month changes', async () => {
		await computeDirty(scratch.db);
		await scratch.sql`
			update reading set consumption_m3 = 58, current_index = 58
			where customer_id = ${c.A.id} and period_id = ${period[FEB]}`;
		expect(await dirty()).toEqual(['2027-01-01', FEB]);
		await scratch.sql`
			delete from master_meter_volume mv using master_meter mm
			where mm.id = mv.master_meter_id and mm.serial = 'MMT-2' and mv.period_month = ${FEB}`;
		await computeDirty(scratch.db);
		const b = await stored(FEB);
		// A's February reading doubled: its 17 days in February now carry 34 m³.
		expect(b.input.billedMetered as number).toBeCloseTo(28 + 17 + 56 + (90 * 9) / 61 + 19 + 28, 9);
		expect(b.complete).toBe(false);
		expect(b.reasons).toEqual([{ code: 'master_meter_gap', serials: ['MMT-2'] }]);
		expect(Number(b.quality_score)).toBe(50);
	});

	it('refuses a month that is not the first day of a month, naming the field', async () => {
		await expect(computeMonth(scratch.db, '2027-02-15')).rejects.toMatchObject({
			status: 400,
			field: 'month'
		});
	});

	it('computes a requested month through the pg-boss job', async () => {
		const before = (await stored(FEB)).computed_at;
		const boss = new PgBoss({ connectionString: scratch.url, max: 2 });
		await boss.start();
		(globalThis as { [k: symbol]: unknown })[Symbol.for('waterline.boss')] = boss;
		try {
			await registerNrwJobs(boss);
			expect(await requestMonth(scratch.db, FEB)).toBeNull();
			let after = before;
			while (after.getTime() === before.getTime()) {
				await new Promise((r) => setTimeout(r, 200));
				after = (await stored(FEB)).computed_at;
			}
			expect(after.getTime()).toBeGreaterThan(before.getTime());
		} finally {
			delete (globalThis as { [k: symbol]: unknown })[Symbol.for('waterline.boss')];
			await boss.stop({ graceful: false, timeout: 2_000 });
		}
	});
});
