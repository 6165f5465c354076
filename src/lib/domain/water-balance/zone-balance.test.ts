import { describe, expect, it } from 'vitest';
import { balance } from './balance.ts';
import { dma07 } from './balance.fixtures.ts';
import { zoneMonthBalance, type ZoneMonth } from './zone-balance.ts';

/** DMA-07 of water-balance.md as the database would hand it over: 2 inlets and an export. */
function dma07Month(): ZoneMonth {
	return {
		zone: 'DMA-07',
		days: 31,
		hasPeriod: true,
		masterMeters: [
			{ serial: 'MM07-1', direction: 'in', volumeM3: 80000 },
			{ serial: 'MM07-2', direction: 'in', volumeM3: 45000 },
			{ serial: 'MM07-X', direction: 'out', volumeM3: 5000 }
		],
		customers: {
			connections: 4200,
			expected: 4300,
			actual: 4000,
			estimated: 150,
			noAccess: 50,
			meteredM3: 90000,
			extrapolatedM3: 1200
		},
		settings: {
			mainsLengthKm: 45,
			serviceLengthKm: 2.1,
			avgPressureM: 30,
			billedUnmeteredM3: 0,
			unbilledMeteredM3: 500,
			// 1000 m³ of 120000 m³ SIV.
			unbilledUnmeteredRate: 1000 / 120000,
			meterUnderRegistration: 0.02,
			unauthorizedRate: 0.0025
		}
	};
}

describe('a zone month from the database', () => {
	it('nets inlets against the export and balances exactly as the CLI does', () => {
		const b = zoneMonthBalance(dma07Month());
		expect(b.complete).toBe(true);
		expect(b.reasons).toEqual([]);
		expect(b.input.systemInput).toBe(120000);
		const cli = balance(dma07);
		for (const [key, value] of Object.entries(cli)) {
			const got = b.result![key as keyof typeof cli];
			if (typeof value === 'number') expect(got as number).toBeCloseTo(value, 6);
			else expect(got).toEqual(value);
		}
	});

	it('scores data quality: actual share of expected readings × master meters reporting', () => {
		const b = zoneMonthBalance(dma07Month());
		expect(b.quality).toMatchObject({
			expectedReadings: 4300,
			actual: 4000,
			estimated: 150,
			noAccess: 50,
			missing: 100,
			extrapolatedM3: 1200,
			masterMeters: 3,
			masterMetersReporting: 3,
			gaps: []
		});
		// 4000 / 4300 = 93.02…% → 93.0
		expect(b.qualityScore).toBe(93);
	});

	it('marks a master-meter gap incomplete, names the meter and scores it down', () => {
		const z = dma07Month();
		z.masterMeters[1].volumeM3 = null;
		const b = zoneMonthBalance(z);
		expect(b.complete).toBe(false);
		expect(b.result).toBeNull();
		expect(b.reasons).toEqual([{ code: 'master_meter_gap', serials: ['MM07-2'] }]);
		// The inlet that recorded nothing makes the system input unknown, not 75,000 m³.
		expect(b.input.systemInput).toBeUndefined();
		expect(b.input.unbilledUnmetered).toBeUndefined();
		expect(b.input.billedMetered).toBe(90000);
		// (4000 / 4300) × (2 / 3) = 62.0%
		expect(b.qualityScore).toBe(62);
	});

	it('marks a zone without an inlet meter, readings or connections incomplete, never zero', () => {
		const b = zoneMonthBalance({
			...dma07Month(),
			masterMeters: [],
			customers: null,
			hasPeriod: false
		});
		expect(b.complete).toBe(false);
		expect(b.result).toBeNull();
		expect(b.reasons.map((r) => r.code)).toEqual([
			'no_master_meter',
			'no_readings',
			'no_connections'
		]);
		expect(b.qualityScore).toBe(0);
	});

	it('needs readings with m³: a period of no-access visits only is no readings', () => {
		const z = dma07Month();
		z.customers = { ...z.customers!, actual: 0, estimated: 0, noAccess: 4300, meteredM3: 0 };
		const b = zoneMonthBalance(z);
		expect(b.reasons).toEqual([{ code: 'no_readings' }]);
		expect(b.input.billedMetered).toBeUndefined();
		expect(b.input.systemInput).toBe(120000);
	});

	it('lists unsurveyed network data by field', () => {
		const z = dma07Month();
		z.settings.mainsLengthKm = null;
		z.settings.avgPressureM = null;
		const b = zoneMonthBalance(z);
		expect(b.reasons).toEqual([
			{ code: 'no_network_data', fields: ['mainsLengthKm', 'avgPressureM'] }
		]);
		expect(b.input.mainsLengthKm).toBeUndefined();
		expect(b.input.systemInput).toBe(120000);
	});

	it('reports an export larger than the inflow as invalid input on systemInput', () => {
		const z = dma07Month();
		z.masterMeters[2].volumeM3 = 200000;
		const b = zoneMonthBalance(z);
		expect(b.complete).toBe(false);
		expect(b.reasons).toEqual([
			{
				code: 'invalid_input',
				issues: [{ field: 'systemInput', reason: 'systemInput (m³) phải lớn hơn 0' }]
			}
		]);
	});

	it('keeps the warnings of the balance (small zone, low pressure, negative real losses)', () => {
		const z = dma07Month();
		z.customers = { ...z.customers!, connections: 900, meteredM3: 119000 };
		z.settings.avgPressureM = 20;
		const b = zoneMonthBalance(z);
		expect(b.result!.warnings).toEqual([
			'connections_below_3000',
			'pressure_outside_25_100m',
			'negative_real_losses'
		]);
	});
});
