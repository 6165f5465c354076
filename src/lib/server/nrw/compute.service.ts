/**
 * Computing and storing the water balance of every zone for a month: the NRW job's work.
 *
 * One month at a time per database (an advisory lock), in one REPEATABLE READ transaction so
 * the readings, the master-meter volumes and the out-of-date marks are read from one snapshot:
 * a reading saved while the month computes leaves its mark, and the month is computed again.
 */
import {
	zoneMonthBalance,
	type ZoneMonth,
	type ZoneSettings
} from '../../domain/water-balance/zone-balance.ts';
import type { Database } from '../db/connection.ts';
import { RequestError } from '../http/refusal.ts';
import { publish } from '../realtime/publish.ts';
import * as repo from './balance.repository.ts';

/** A refusal of the NRW area (a bad month, an unknown zone): the shared RequestError. */
export class NrwError extends RequestError {}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])-01$/;

export function checkMonth(month: string): string {
	if (!MONTH.test(month)) throw new NrwError(400, 'month', 'phải là ngày đầu tháng YYYY-MM-01');
	return month;
}

export function daysInMonth(month: string): number {
	const [y, m] = month.split('-').map(Number);
	return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function settingsOf(row: repo.ZoneSettingsRow): ZoneSettings {
	return {
		mainsLengthKm: row.mains_length_km,
		serviceLengthKm: row.service_length_km,
		avgPressureM: row.avg_pressure_m,
		billedUnmeteredM3: row.billed_unmetered_m3,
		unbilledMeteredM3: row.unbilled_metered_m3,
		unbilledUnmeteredRate: row.unbilled_unmetered_rate,
		meterUnderRegistration: row.meter_under_registration,
		unauthorizedRate: row.unauthorized_rate
	};
}

export interface MonthSummary {
	month: string;
	zones: number;
	complete: number;
}

/** Balances every zone of the month from one snapshot and replaces the stored month. */
async function balanceMonth(trx: Database, month: string): Promise<MonthSummary> {
	await repo.tuneForBalance(trx);
	const periods = await repo.periodsAround(trx, month);
	const customers = await repo.customerVolumes(trx, month, periods);
	const meters = await repo.masterMeterVolumes(trx, month);
	const zones = await repo.zoneSettings(trx);
	const byZone = new Map(customers.map((c) => [c.zone_id, c]));
	const rows: repo.StoredBalance[] = zones.map((z) => {
		const c = byZone.get(z.zone_id);
		const data: ZoneMonth = {
			zone: z.code,
			days: daysInMonth(month),
			hasPeriod: periods.current !== null,
			masterMeters: meters
				.filter((m) => m.zone_id === z.zone_id)
				.map((m) => ({ serial: m.serial, direction: m.direction, volumeM3: m.volume_m3 })),
			customers: c
				? {
						connections: c.connections,
						expected: c.expected,
						actual: c.actual,
						estimated: c.estimated,
						noAccess: c.no_access,
						meteredM3: c.metered_m3,
						extrapolatedM3: c.extrapolated_m3
					}
				: null,
			settings: settingsOf(z)
		};
		const b = zoneMonthBalance(data);
		return { zoneId: z.zone_id, ...b };
	});
	await repo.saveMonth(trx, month, rows);
	await repo.clearDirty(trx, month);
	return { month, zones: rows.length, complete: rows.filter((r) => r.complete).length };
}

export async function computeMonth(db: Database, month: string): Promise<MonthSummary> {
	checkMonth(month);
	const summary = await db.connection().execute((conn) =>
		repo.withMonthLock(conn, month, () =>
			conn
				.transaction()
				.setIsolationLevel('repeatable read')
				.execute((trx) => balanceMonth(trx, month))
		)
	);
	publish(['watch:nrw'], { type: 'nrw:computed', ids: { month } });
	return summary;
}

/** Recomputes every month marked out of date, oldest first. */
export async function computeDirty(db: Database): Promise<MonthSummary[]> {
	const done: MonthSummary[] = [];
	for (const { month } of await repo.dirtyMonths(db)) done.push(await computeMonth(db, month));
	return done;
}

/** Marks every known month out of date (after a seed, which bypasses the triggers). */
export async function markAllMonths(db: Database): Promise<void> {
	await repo.markMonths(db, await repo.knownMonths(db));
}
