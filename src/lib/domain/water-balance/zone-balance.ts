/**
 * One zone's month from the database's figures: the balance CLI's input assembled from the
 * master meters, the prorated customer consumption and the zone's settings, the balance itself
 * (the same balanceParsed the CLI runs), and the data quality. When something the balance
 * needs is missing, the result is marked incomplete with every reason, never a silent zero.
 */
import { balanceParsed, type Balance } from './balance.ts';
import { BalanceInputError, parseBalanceInput, type BalanceInput } from './balance.schema.ts';

export interface MasterMeterMonth {
	serial: string;
	direction: 'in' | 'out';
	/** m³ through the meter in the month; null = nothing recorded (a gap). */
	volumeM3: number | null;
}

export interface CustomerMonth {
	/** Active customers (service connections). */
	connections: number;
	/** Readings the period should have: active customers plus any other customer read. */
	expected: number;
	actual: number;
	estimated: number;
	noAccess: number;
	/** Customer consumption prorated onto the month, m³; of which extrapolated, m³. */
	meteredM3: number;
	extrapolatedM3: number;
}

export interface ZoneSettings {
	/** km, km, metres; null = not surveyed. */
	mainsLengthKm: number | null;
	serviceLengthKm: number | null;
	avgPressureM: number | null;
	/** m³ per month. */
	billedUnmeteredM3: number;
	unbilledMeteredM3: number;
	/** Fractions: of SIV, of true customer use, of SIV. */
	unbilledUnmeteredRate: number;
	meterUnderRegistration: number;
	unauthorizedRate: number;
}

export interface ZoneMonth {
	zone: string;
	/** Days of the month. */
	days: number;
	masterMeters: MasterMeterMonth[];
	/** null when the zone has no customers at all. */
	customers: CustomerMonth | null;
	settings: ZoneSettings;
	/** Whether the month has a reading period at all. */
	hasPeriod: boolean;
}

export type IncompleteReason =
	| { code: 'no_master_meter' }
	| { code: 'master_meter_gap'; serials: string[] }
	| { code: 'no_readings' }
	| { code: 'no_connections' }
	| { code: 'no_network_data'; fields: string[] }
	| { code: 'invalid_input'; issues: { field: string; reason: string }[] };

export interface DataQuality {
	expectedReadings: number;
	actual: number;
	estimated: number;
	noAccess: number;
	/** Expected readings with no reading row at all. */
	missing: number;
	extrapolatedM3: number;
	masterMeters: number;
	masterMetersReporting: number;
	gaps: string[];
}

export interface ZoneMonthBalance {
	complete: boolean;
	reasons: IncompleteReason[];
	/** The CLI's input as far as it is known. */
	input: Partial<BalanceInput>;
	result: Balance | null;
	quality: DataQuality;
	/** 0–100, one decimal. */
	qualityScore: number;
}

export function dataQuality(z: ZoneMonth): { quality: DataQuality; score: number } {
	const c = z.customers;
	const read = c ? c.actual + c.estimated + c.noAccess : 0;
	const gaps = z.masterMeters.filter((m) => m.volumeM3 === null).map((m) => m.serial);
	const quality: DataQuality = {
		expectedReadings: c?.expected ?? 0,
		actual: c?.actual ?? 0,
		estimated: c?.estimated ?? 0,
		noAccess: c?.noAccess ?? 0,
		missing: Math.max(0, (c?.expected ?? 0) - read),
		extrapolatedM3: c?.extrapolatedM3 ?? 0,
		masterMeters: z.masterMeters.length,
		masterMetersReporting: z.masterMeters.length - gaps.length,
		gaps
	};
	// Share of expected readings that are actual, times share of master meters reporting.
	const readShare = quality.expectedReadings > 0 ? quality.actual / quality.expectedReadings : 0;
	const meterShare =
		quality.masterMeters > 0 ? quality.masterMetersReporting / quality.masterMeters : 0;
	return { quality, score: Math.round(readShare * meterShare * 1000) / 10 };
}

function systemInput(meters: MasterMeterMonth[]): number {
	let siv = 0;
	for (const m of meters) siv += (m.direction === 'in' ? 1 : -1) * (m.volumeM3 ?? 0);
	return siv;
}

export function zoneMonthBalance(z: ZoneMonth): ZoneMonthBalance {
	const { quality, score } = dataQuality(z);
	const reasons: IncompleteReason[] = [];
	if (!z.masterMeters.some((m) => m.direction === 'in')) reasons.push({ code: 'no_master_meter' });
	if (quality.gaps.length) reasons.push({ code: 'master_meter_gap', serials: quality.gaps });
	const c = z.customers;
	if (!z.hasPeriod || !c || c.actual + c.estimated === 0) reasons.push({ code: 'no_readings' });
	if (!c || c.connections === 0) reasons.push({ code: 'no_connections' });
	const s = z.settings;
	const unsurveyed = (
		[
			['mainsLengthKm', s.mainsLengthKm],
			['serviceLengthKm', s.serviceLengthKm],
			['avgPressureM', s.avgPressureM]
		] as const
	)
		.filter(([, value]) => value === null)
		.map(([field]) => field);
	if (unsurveyed.length) reasons.push({ code: 'no_network_data', fields: unsurveyed });

	// Without an inlet, or with a meter that recorded nothing, the system input is unknown (a
	// partial sum would pass for a figure): it and the share of it stay out of the input, as
	// does the metered consumption of a month without readings.
	const sivKnown = !reasons.some(
		(r) => r.code === 'no_master_meter' || r.code === 'master_meter_gap'
	);
	const siv = systemInput(z.masterMeters);
	const input: Partial<BalanceInput> = {
		zone: z.zone,
		days: z.days,
		...(sivKnown
			? { systemInput: siv, unbilledUnmetered: Math.max(0, siv) * s.unbilledUnmeteredRate }
			: {}),
		...(reasons.some((r) => r.code === 'no_readings') ? {} : { billedMetered: c?.meteredM3 ?? 0 }),
		billedUnmetered: s.billedUnmeteredM3,
		unbilledMetered: s.unbilledMeteredM3,
		meterUnderRegistration: s.meterUnderRegistration,
		unauthorizedRate: s.unauthorizedRate,
		connections: c?.connections ?? 0,
		...(s.mainsLengthKm === null ? {} : { mainsLengthKm: s.mainsLengthKm }),
		...(s.serviceLengthKm === null ? {} : { serviceLengthKm: s.serviceLengthKm }),
		...(s.avgPressureM === null ? {} : { avgPressureM: s.avgPressureM })
	};
	if (reasons.length === 0) {
		try {
			const result = balanceParsed(parseBalanceInput(input));
			return { complete: true, reasons, input, result, quality, qualityScore: score };
		} catch (error) {
			if (!(error instanceof BalanceInputError)) throw error;
			reasons.push({ code: 'invalid_input', issues: error.issues });
		}
	}
	return { complete: false, reasons, input, result: null, quality, qualityScore: score };
}
