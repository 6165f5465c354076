/**
 * Twelve months of meter readings per connection, and the master-meter volumes that make each
 * zone's water balance come out lossy or efficient.
 *
 * Readings track two indexes, both unwrapped (m³ since the meter was new): the true register
 * and the booked one (last index billed). An actual reading books the true register; an
 * estimate books at most the true use (so the next actual reading never goes negative); a
 * no-access visit books nothing. Indexes are stored modulo 10^dial_digits, so a meter that
 * passes 99999 shows a smaller current than previous index while consumption stays right.
 */
import { at, PERIOD_COUNT, periodMonth, readingDate } from './calendar.ts';
import { rngFor, Stream } from './prng.ts';
import type { ConsumptionProfile } from './register.ts';
import type { MasterMeterVolumeRow, ReadingRow } from './types.ts';
import { ESTIMATE_NOTES, NO_ACCESS_NOTES } from './vocabulary.ts';
import type { World } from './world.ts';

/** Use by month against the yearly mean, Dec 2025 … Nov 2026: Huế is hottest April–August. */
export const SEASONALITY = [0.92, 0.9, 0.95, 1.0, 1.12, 1.22, 1.28, 1.28, 1.18, 1.0, 0.9, 0.88];

/** Shares of connections with each planted anomaly. */
export const ANOMALY_RATES = { zeroRun: 0.02, spike: 0.01, noAccess: 0.01, estimated: 0.02 };
export const SPIKE_FACTOR = 5;

export interface CustomerReadings {
	readings: ReadingRow[];
	/** Index of the old meter when it was removed (m³, as shown on its dial). */
	oldFinalIndex: number | null;
}

/**
 * The readings of one connection. `billed` (zones × 12, m³) is increased by the booked
 * consumption of each reading, for the zone balance.
 */
export function readingsFor(
	world: World,
	profile: ConsumptionProfile,
	billed: Float64Array
): CustomerReadings {
	const rng = rngFor(world.options.seed, Stream.consumption, profile.customerIndex);
	const customerId = profile.customerIndex + 1;
	const zeroFrom = rng.chance(ANOMALY_RATES.zeroRun) ? rng.int(1, 9) : -1;
	const zeroTo = zeroFrom < 0 ? -1 : zeroFrom + rng.int(2, 3);
	const spikeAt = rng.chance(ANOMALY_RATES.spike) ? rng.int(1, 11) : -1;
	const repl = profile.replacement;

	const readings: ReadingRow[] = [];
	const recent: number[] = [];
	let meterId = profile.meterId;
	let modulus = Math.pow(10, profile.dialDigits);
	let trueIndex = profile.initialIndex;
	let booked = trueIndex;
	let oldFinalIndex: number | null = null;
	for (let p = 0; p < PERIOD_COUNT; p++) {
		let use = Math.max(0, Math.round(profile.baseM3 * SEASONALITY[p] * (1 + 0.12 * rng.normal())));
		if (p >= profile.stoppedFrom || (p >= zeroFrom && p < zeroTo)) use = 0;
		if (p === spikeAt) use *= SPIKE_FACTOR;
		const roll = rng.next();
		const readAt = at(readingDate(p, profile.readingDay), 450 + rng.int(0, 540));
		const base = { id: profile.customerIndex * PERIOD_COUNT + p + 1, periodId: p + 1, customerId };

		if (repl && p === repl.period) {
			// Part of the month on the old meter, the rest on the new one; read on the new one.
			const before = Math.round(use * rng.real(0.2, 0.8));
			const oldFinal = trueIndex + before;
			oldFinalIndex = oldFinal % modulus;
			const consumption = oldFinal - booked + (use - before);
			meterId = customerId;
			modulus = Math.pow(10, repl.newDialDigits);
			trueIndex = repl.newInitialIndex + use - before;
			booked = trueIndex;
			readings.push({
				...base,
				meterId,
				previousIndex: repl.newInitialIndex,
				currentIndex: trueIndex % modulus,
				consumptionM3: consumption,
				kind: 'actual',
				readAt,
				note: `Thay đồng hồ ngày ${repl.replacedOn.split('-').reverse().join('/')}, chỉ số cuối đồng hồ cũ ${oldFinalIndex}`
			});
			billed[profile.zoneIndex * PERIOD_COUNT + p] += consumption;
			recent.push(consumption);
			continue;
		}

		trueIndex += use;
		const previousIndex = booked % modulus;
		if (roll < ANOMALY_RATES.noAccess) {
			readings.push({
				...base,
				meterId,
				previousIndex,
				currentIndex: null,
				consumptionM3: null,
				kind: 'no_access',
				readAt,
				note: rng.pick(NO_ACCESS_NOTES)
			});
			continue;
		}
		let consumption: number;
		let note: string | null = null;
		let kind: ReadingRow['kind'] = 'actual';
		if (roll < ANOMALY_RATES.noAccess + ANOMALY_RATES.estimated) {
			const last = recent.slice(-3);
			const mean = last.length ? last.reduce((a, b) => a + b, 0) / last.length : profile.baseM3;
			consumption = Math.min(Math.round(mean), trueIndex - booked);
			kind = 'estimated';
			note = rng.pick(ESTIMATE_NOTES);
		} else consumption = trueIndex - booked;
		booked += consumption;
		readings.push({
			...base,
			meterId,
			previousIndex,
			currentIndex: booked % modulus,
			consumptionM3: consumption,
			kind,
			readAt,
			note
		});
		billed[profile.zoneIndex * PERIOD_COUNT + p] += consumption;
		recent.push(consumption);
	}
	return { readings, oldFinalIndex };
}

/**
 * Monthly volumes per master meter. Per zone and month, the net input (in − out) is the
 * billed consumption × (1 + loss), the loss drifting ±1 point around the zone's base within
 * its band; 'out' meters carry a small export, and the inflow is split across the zone's
 * 'in' meters by their shares. Volumes are m³ with 3 decimals and add up exactly.
 */
export function masterMeterVolumes(world: World, billed: Float64Array): MasterMeterVolumeRow[] {
	const rows: MasterMeterVolumeRow[] = [];
	for (const zone of world.geo.zones) {
		const zi = zone.id - 1;
		const meters = world.masterMeters.filter((m) => m.zoneId === zone.id);
		const inlets = meters.filter((m) => m.direction === 'in');
		const [lo, hi] = zone.lossy ? [0.3, 0.45] : [0.08, 0.12];
		const rng = rngFor(world.options.seed, Stream.masterMeter, 1000 + zone.id);
		for (let p = 0; p < PERIOD_COUNT; p++) {
			const month = periodMonth(p);
			const use = billed[zi * PERIOD_COUNT + p];
			const loss = Math.min(hi, Math.max(lo, zone.baseLoss + rng.real(-0.01, 0.01)));
			let exportMilli = 0;
			for (const m of meters)
				if (m.direction === 'out') {
					const milli = Math.round(use * m.exportRatio * 1000);
					exportMilli += milli;
					rows.push({ masterMeterId: m.id, periodMonth: month, volumeM3: milli / 1000 });
				}
			const inflowMilli = Math.round(use * (1 + loss) * 1000) + exportMilli;
			let left = inflowMilli;
			inlets.forEach((m, k) => {
				const milli = k === inlets.length - 1 ? left : Math.round(inflowMilli * m.share);
				left -= milli;
				rows.push({ masterMeterId: m.id, periodMonth: month, volumeM3: milli / 1000 });
			});
		}
	}
	return rows.sort(
		(a, b) => a.masterMeterId - b.masterMeterId || (a.periodMonth < b.periodMonth ? -1 : 1)
	);
}
