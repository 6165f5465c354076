/**
 * The IWA / AWWA water balance of one zone over one period, exactly as the formulas of
 * ../shared/domain/water-balance.md give it (floating point, m³). The NRW job and
 * `npm run -s nrw -- balance` both call it.
 */
import { parseBalanceInput, type BalanceInput } from './balance.schema.ts';

export type BalanceWarning =
	| 'connections_below_3000'
	| 'density_below_20_per_km'
	| 'pressure_outside_25_100m'
	| 'negative_real_losses';

export interface Balance {
	authorized: number;
	revenueWater: number;
	nrw: number;
	nrwPct: number;
	waterLosses: number;
	apparentLosses: number;
	meterInaccuracy: number;
	unauthorized: number;
	realLosses: number;
	nrwPerConnectionPerDayL: number;
	realLossesPerConnectionPerDayL: number;
	carlM3PerYear: number;
	uarlM3PerYear: number;
	ili: number;
	/** World Bank Institute band for developing countries. */
	band: 'A' | 'B' | 'C' | 'D';
	warnings: BalanceWarning[];
}

export function bandOf(ili: number): Balance['band'] {
	if (ili < 4) return 'A';
	if (ili < 8) return 'B';
	return ili < 16 ? 'C' : 'D';
}

/** Balances an input that parseBalanceInput already accepted. */
export function balanceParsed(z: BalanceInput): Balance {
	const authorized = z.billedMetered + z.billedUnmetered + z.unbilledMetered + z.unbilledUnmetered;
	const revenueWater = z.billedMetered + z.billedUnmetered;
	const nrw = z.systemInput - revenueWater;
	const p = z.meterUnderRegistration;
	const meterInaccuracy = ((z.billedMetered + z.unbilledMetered) * p) / (1 - p);
	const unauthorized = z.systemInput * z.unauthorizedRate;
	const apparentLosses = meterInaccuracy + unauthorized;
	const waterLosses = z.systemInput - authorized;
	const realLosses = waterLosses - apparentLosses;
	const connectionDays = z.connections * z.days;
	const carlM3PerYear = (realLosses * 365) / z.days;
	// Lambert's unavoidable annual real losses: litres/day terms × pressure, to m³/year.
	const uarlM3PerYear =
		((18 * z.mainsLengthKm + 0.8 * z.connections + 25 * z.serviceLengthKm) * z.avgPressureM * 365) /
		1000;
	const ili = carlM3PerYear / uarlM3PerYear;
	const warnings: BalanceWarning[] = [];
	if (z.connections < 3000) warnings.push('connections_below_3000');
	if (z.connections / z.mainsLengthKm < 20) warnings.push('density_below_20_per_km');
	if (z.avgPressureM < 25 || z.avgPressureM > 100) warnings.push('pressure_outside_25_100m');
	if (realLosses < 0) warnings.push('negative_real_losses');
	return {
		authorized,
		revenueWater,
		nrw,
		nrwPct: (nrw / z.systemInput) * 100,
		waterLosses,
		apparentLosses,
		meterInaccuracy,
		unauthorized,
		realLosses,
		nrwPerConnectionPerDayL: (nrw * 1000) / connectionDays,
		realLossesPerConnectionPerDayL: (realLosses * 1000) / connectionDays,
		carlM3PerYear,
		uarlM3PerYear,
		ili,
		band: bandOf(ili),
		warnings
	};
}

/** Validates the input (BalanceInputError names the field) and balances it. */
export function balance(input: unknown): Balance {
	return balanceParsed(parseBalanceInput(input));
}
