/**
 * Live tracking for supervisors: who is on duty and where, a person's trail for a day with
 * its stops and distance, going on and off duty, and the position partitions' upkeep.
 */
import {
	addDays,
	daysToCreate,
	firstKeptDay,
	vietnamDayRange
} from '../../domain/tracking/days.ts';
import {
	checkPosition,
	detectStops,
	distanceTravelled,
	type PositionInput,
	type Stop
} from '../../domain/tracking/stops.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish } from '../realtime/publish.ts';
import { ingestFor, positionRooms } from './tracking.ingest.ts';
import * as repo from './tracking.repository.ts';

export type FieldError = { field: string; reason: string };
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; error: FieldError };

const refuse = (status: number, field: string, reason: string) =>
	({ ok: false, status, error: { field, reason } }) as const;

/** Only field staff report positions: the live map is about people on the ground. */
function mayReport(user: SessionUser) {
	return user.role === 'field';
}

/**
 * Checks a whole batch before storing any of it: one bad position refuses the batch, naming
 * it (`positions.3.lat`), and nothing is written. Resolves once the batch is committed.
 */
export async function reportPositions(
	db: Database,
	user: SessionUser,
	positions: PositionInput[],
	now = new Date()
): Promise<Outcome<{ accepted: number }>> {
	if (!mayReport(user)) return refuse(403, 'role', 'only field staff report positions');
	const rows: repo.PositionRow[] = [];
	for (const [i, p] of positions.entries()) {
		const check = checkPosition(p, now);
		if (!check.ok) return refuse(400, `positions.${i}.${check.field}`, check.reason);
		rows.push({
			staffId: user.id,
			at: check.at,
			lon: p.lon,
			lat: p.lat,
			accuracyM: p.accuracyM ?? null,
			speedKmh: p.speedKmh ?? null
		});
	}
	try {
		await ingestFor(db).add(rows);
	} catch {
		return refuse(503, 'positions', 'could not be stored now; send them again');
	}
	return { ok: true, value: { accepted: rows.length } };
}

/** Going on or off duty: the live map shows on-duty staff only. Audited. */
export async function setDuty(
	db: Database,
	user: SessionUser,
	onDuty: boolean
): Promise<Outcome<{ onDuty: boolean }>> {
	if (!mayReport(user)) return refuse(403, 'role', 'only field staff go on duty');
	const changed = await db.transaction().execute(async (trx) => {
		const { before } = await repo.setOnDuty(trx, user.id, onDuty);
		if (before === onDuty) return false;
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'staff_live',
			entityId: user.id,
			action: onDuty ? 'duty_on' : 'duty_off',
			oldValues: { onDuty: before },
			newValues: { onDuty }
		});
		return true;
	});
	if (changed)
		publish(positionRooms, {
			type: 'staff:duty',
			ids: { staffId: user.id, onDuty: onDuty ? 1 : 0 }
		});
	return { ok: true, value: { onDuty } };
}

export interface LiveStaff {
	staffId: number;
	name: string;
	lon: number | null;
	lat: number | null;
	accuracyM: number | null;
	/** ISO 8601 of the last position, null when none yet. */
	at: string | null;
	dutySince: string | null;
}

/**
 * Everyone on duty. The guard lets only users with the tracking module here; supervisors and
 * other unscoped users see all staff, a route-scoped user only staff sharing one of their routes.
 */
export async function liveStaff(db: Database, viewer: SessionUser): Promise<LiveStaff[]> {
	const rows = await repo.listOnDuty(db, viewer.routeIds);
	return rows.map((r) => ({
		staffId: r.staffId,
		name: r.name,
		lon: r.lon,
		lat: r.lat,
		accuracyM: r.accuracyM,
		at: r.recordedAt ? new Date(r.recordedAt).toISOString() : null,
		dutySince: r.dutySince ? new Date(r.dutySince).toISOString() : null
	}));
}

export interface Trail {
	staffId: number;
	name: string;
	/** Calendar day in Vietnam, YYYY-MM-DD. */
	date: string;
	/** [lon, lat, epoch ms] per position, oldest first: compact for a day of 17,280 fixes. */
	points: [number, number, number][];
	stops: (Omit<Stop, 'arrivedAt' | 'departedAt'> & { arrivedAt: string; departedAt: string })[];
	distanceM: number;
}

/** One person's day: positions, stops (dwell ≥ 5 min within 50 m) and metres travelled. */
export async function trailFor(
	db: Database,
	viewer: SessionUser,
	staffId: number,
	date: string
): Promise<Outcome<Trail>> {
	const staff = await repo.findStaffName(db, staffId, viewer.routeIds);
	if (!staff) return refuse(404, 'staffId', 'no such staff member');
	const { from, to } = vietnamDayRange(date);
	const rows = await repo.trailBetween(db, staffId, from, to);
	const trail = rows.map((r) => ({
		lon: r.lon,
		lat: r.lat,
		at: new Date(r.at).getTime(),
		accuracyM: r.accuracyM
	}));
	return {
		ok: true,
		value: {
			staffId,
			name: staff.name,
			date,
			points: trail.map((p) => [p.lon, p.lat, p.at]),
			stops: detectStops(trail).map((s) => ({
				...s,
				arrivedAt: new Date(s.arrivedAt).toISOString(),
				departedAt: new Date(s.departedAt).toISOString()
			})),
			distanceM: distanceTravelled(trail)
		}
	};
}

export interface PartitionReport {
	created: string[];
	dropped: string[];
	/** Rows moved out of the default partition into a new day partition. */
	moved: number;
	/** Expired rows deleted from the default partition. */
	deleted: number;
}

/** Partitions exist for today and this many UTC days ahead, so positions rarely hit default. */
export const partitionDaysAhead = 7;

/**
 * Creates the day partitions for today..+7 (UTC) and drops those older than the retention.
 * One transaction under an advisory lock: two processes starting at once do it once.
 */
export async function maintainPartitions(
	db: Database,
	retentionDays: number,
	now = new Date()
): Promise<PartitionReport> {
	return db.transaction().execute(async (trx) => {
		await repo.lockPartitionMaintenance(trx);
		const existing = new Set(await repo.listDayPartitions(trx));
		const report: PartitionReport = { created: [], dropped: [], moved: 0, deleted: 0 };
		for (const day of daysToCreate(now, partitionDaysAhead)) {
			if (existing.has(day)) continue;
			report.moved += await repo.createDayPartition(trx, day, addDays(day, 1));
			report.created.push(day);
		}
		const keepFrom = firstKeptDay(now, retentionDays);
		for (const day of existing)
			if (day < keepFrom) {
				await repo.dropDayPartition(trx, day);
				report.dropped.push(day);
			}
		report.deleted = await repo.deleteDefaultBefore(trx, keepFrom);
		if (report.dropped.length || report.deleted)
			await writeAudit(trx, {
				actorId: null,
				entity: 'staff_position',
				entityId: keepFrom,
				action: 'retention',
				newValues: { retentionDays, dropped: report.dropped, deleted: report.deleted }
			});
		return report;
	});
}
