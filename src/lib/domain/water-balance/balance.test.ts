import { describe, expect, it } from 'vitest';
import { balance, bandOf } from './balance.ts';
import { BalanceInputError } from './balance.schema.ts';
import { dma07 } from './balance.fixtures.ts';

const close = (actual: number, expected: number) =>
	expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-9 + 1e-12);

function refused(input: unknown): BalanceInputError {
	try {
		balance(input);
	} catch (e) {
		expect(e).toBeInstanceOf(BalanceInputError);
		return e as BalanceInputError;
	}
	throw new Error('not refused');
}

describe('the IWA water balance', () => {
	it('gives the worked example of water-balance.md', () => {
		const b = balance(dma07);
		const expected = {
			authorized: 91500,
			revenueWater: 90000,
			nrw: 30000,
			nrwPct: 25.0,
			waterLosses: 28500,
			apparentLosses: 2146.9387755102043,
			meterInaccuracy: 1846.938775510204,
			unauthorized: 300.0,
			realLosses: 26353.061224489797,
			nrwPerConnectionPerDayL: 230.4147465437788,
			realLossesPerConnectionPerDayL: 202.40446408978337,
			carlM3PerYear: 310286.04344963795,
			uarlM3PerYear: 46236.375,
			ili: 6.710864410318455
		};
		for (const [key, value] of Object.entries(expected))
			close(b[key as keyof typeof expected], value);
		expect(b.band).toBe('B');
		expect(b.warnings).toEqual([]);
	});

	it('computes a small known case by hand', () => {
		// SIV 1000, billed 700 + 50, unbilled 20 + 30; p = 0.1 → inaccuracy (720 × 0.1 / 0.9) = 80.
		const b = balance({
			...dma07,
			days: 30,
			systemInput: 1000,
			billedMetered: 700,
			billedUnmetered: 50,
			unbilledMetered: 20,
			unbilledUnmetered: 30,
			meterUnderRegistration: 0.1,
			unauthorizedRate: 0.01
		});
		close(b.authorized, 800);
		close(b.nrw, 250);
		close(b.nrwPct, 25);
		close(b.meterInaccuracy, 80);
		close(b.unauthorized, 10);
		close(b.realLosses, 200 - 90);
		close(b.nrwPerConnectionPerDayL, (250 * 1000) / (4200 * 30));
		close(b.carlM3PerYear, (110 * 365) / 30);
	});

	it('bands the ILI at 4, 8 and 16', () => {
		expect([3.99, 4, 7.99, 8, 15.99, 16, 40].map(bandOf)).toEqual([
			'A',
			'B',
			'B',
			'C',
			'C',
			'D',
			'D'
		]);
	});

	it('warns outside the UARL validity range and on negative real losses', () => {
		expect(balance({ ...dma07, connections: 2999 }).warnings).toEqual(['connections_below_3000']);
		expect(balance({ ...dma07, mainsLengthKm: 300 }).warnings).toEqual(['density_below_20_per_km']);
		expect(balance({ ...dma07, avgPressureM: 24.9 }).warnings).toEqual([
			'pressure_outside_25_100m'
		]);
		expect(balance({ ...dma07, avgPressureM: 100.1 }).warnings).toEqual([
			'pressure_outside_25_100m'
		]);
		expect(balance({ ...dma07, avgPressureM: 25 }).warnings).toEqual([]);
		const wrong = balance({ ...dma07, billedMetered: 119000 });
		expect(wrong.realLosses).toBeLessThan(0);
		expect(wrong.warnings).toEqual(['negative_real_losses']);
	});

	it('refuses invalid input, naming the field', () => {
		expect(refused({ ...dma07, days: 0 }).issues[0].field).toBe('days');
		expect(refused({ ...dma07, systemInput: -1 }).issues[0].field).toBe('systemInput');
		expect(refused({ ...dma07, meterUnderRegistration: 1 }).issues[0].field).toBe(
			'meterUnderRegistration'
		);
		expect(refused({ ...dma07, meterUnderRegistration: -0.1 }).issues[0].field).toBe(
			'meterUnderRegistration'
		);
		expect(refused({ ...dma07, connections: 0 }).issues[0].field).toBe('connections');
		const { avgPressureM: _, ...missing } = dma07;
		void _;
		const error = refused(missing);
		expect(error.issues[0]).toEqual({ field: 'avgPressureM', reason: 'bắt buộc' });
		expect(refused({ ...dma07, billedMetered: '90000' }).issues[0].field).toBe('billedMetered');
		expect(refused([]).issues.length).toBeGreaterThan(0);
	});
});
