/**
 * The monthly cycle of reading periods: open the next month with a schedule per route, close,
 * reopen, lock (by hand or automatically some days after closing), the per-route plan and the
 * anomaly rules. One period is open at a time and a locked one is final; the database
 * enforces both (a unique index, triggers raising SQLSTATE 55000) and their refusals become
 * clear 409s here. Every change is audited in its transaction and announced after commit as
 * 'reading-period:changed'.
 */
import * as v from 'valibot';
import { canManageReadings } from '../../domain/access/permissions.ts';
import { defaultPlannedOn, inScheduleWindow, nextMonth } from '../../domain/readings/schedule.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { idSchema, parseInput, RequestError } from '../http/refusal.ts';
import { publish } from '../realtime/publish.ts';
import * as repo from './periods.repository.ts';
import { findPeriod, openPeriod, type PeriodRow } from './readings.repository.ts';
import { ReadingError } from './readings.schemas.ts';
import { inScope, lockRefusal, monthLabel } from './readings.service.ts';

function announce(periodId: number): void {
	publish(['watch:readings'], { type: 'reading-period:changed', ids: { periodId } });
}

/** parseInput, refusing as the readings area. */
function parse<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
	try {
		return parseInput(schema, raw);
	} catch (err) {
		if (err instanceof RequestError) throw new ReadingError(err.status, err.field, err.reason);
		throw err;
	}
}

function requireEdit(user: SessionUser): void {
	if (!canManageReadings(user.permissions))
		throw new ReadingError(
			403,
			'user',
			'chỉ nhân viên hóa đơn (quyền sửa ghi chỉ số và hóa đơn) quản lý kỳ ghi'
		);
}

async function requirePeriod(db: Database, id: number, forUpdate = false): Promise<PeriodRow> {
	const period = forUpdate ? await repo.findPeriodForUpdate(db, id) : await findPeriod(db, id);
	if (!period) throw new ReadingError(404, 'periodId', `kỳ ghi ${id} không tồn tại`);
	return period;
}

/** The unique index allowing one open period, or a month opened twice, as a 409. */
function openRefusal(err: unknown, periodMonth: string): never {
	const e = err as { code?: string; constraint_name?: string };
	if (e?.code === '23505' && e.constraint_name === 'reading_period_one_open_key')
		throw new ReadingError(
			409,
			'period',
			'đã có một kỳ ghi đang mở: đóng kỳ đó trước khi mở hoặc mở lại kỳ khác'
		);
	if (e?.code === '23505')
		throw new ReadingError(409, 'period', `kỳ ghi ${monthLabel(periodMonth)} đã tồn tại`);
	return lockRefusal(err, periodMonth);
}

export function listPeriods(db: Database, user: SessionUser) {
	return repo.listPeriodProgress(db, user.routeIds);
}

/** This month in Vietnam, as 'YYYY-MM-01': the first period of an empty register. */
function currentMonth(now = new Date()): string {
	const local = new Date(now.getTime() + 7 * 3600_000);
	return `${local.toISOString().slice(0, 7)}-01`;
}

/** The month openNextPeriod would open ('YYYY-MM-01'). */
export const monthAfter = (latest: PeriodRow | undefined) =>
	latest ? nextMonth(latest.period_month) : currentMonth();

/**
 * Opens the month after the latest period, with a schedule row for every route: the
 * previous plan shifted one month (else the day the route was mostly read, else the 1st),
 * read by the previous plan's reader (else the first active field staff member scoped to it).
 */
export async function openNextPeriod(db: Database, user: SessionUser | null): Promise<PeriodRow> {
	if (user) requireEdit(user);
	const period = await db.transaction().execute(async (trx) => {
		const open = await openPeriod(trx);
		if (open)
			throw new ReadingError(
				409,
				'period',
				`kỳ ghi ${monthLabel(open.period_month)} đang mở: đóng kỳ đó trước khi mở kỳ mới`
			);
		const previous = await repo.latestPeriod(trx);
		const month = monthAfter(previous);
		const created = await repo.insertPeriod(trx, month).catch((e) => openRefusal(e, month));
		const schedule = await defaultSchedule(trx, previous?.id ?? null, month);
		await repo.insertSchedule(trx, created.id, schedule);
		await writeAudit(trx, {
			actorId: user?.id ?? null,
			entity: 'reading_period',
			entityId: created.id,
			action: 'reading_period.open',
			newValues: { period_month: month, status: 'open', routes: schedule.length }
		});
		return created;
	});
	announce(period.id);
	return period;
}

async function readerOf(trx: Database): Promise<Map<number, number>> {
	return new Map((await repo.defaultReaders(trx)).map((r) => [r.route_id, r.staff_id]));
}

async function defaultSchedule(
	trx: Database,
	previousId: number | null,
	month: string
): Promise<repo.ScheduleRow[]> {
	// One after another: they share the transaction's connection.
	const routes = await repo.allRouteIds(trx);
	const before = previousId === null ? [] : await repo.scheduleOf(trx, previousId);
	const days = previousId === null ? [] : await repo.readDaysByRoute(trx, previousId);
	const readers = await readerOf(trx);
	const plans = new Map(before.map((s) => [s.route_id, s]));
	const daysOf = new Map<number, { day: number; n: number }[]>();
	for (const d of days) daysOf.set(d.route_id, [...(daysOf.get(d.route_id) ?? []), d]);
	return routes.map((routeId) => {
		const plan = plans.get(routeId);
		return {
			route_id: routeId,
			planned_on: defaultPlannedOn(month, {
				plannedOn: plan?.planned_on ?? null,
				readDays: daysOf.get(routeId) ?? []
			}),
			reader_id: plan?.reader_id ?? readers.get(routeId) ?? null
		};
	});
}

type Transition = 'close' | 'reopen' | 'lock';
const moves: Record<Transition, [PeriodRow['status'], PeriodRow['status']]> = {
	close: ['open', 'closed'],
	reopen: ['closed', 'open'],
	lock: ['closed', 'locked']
};

/** Why a period cannot make the move from where it is. */
function wrongStatus(period: PeriodRow, move: Transition): never {
	const label = monthLabel(period.period_month);
	if (period.status === 'locked')
		lockRefusal({ code: '55000', message: 'is locked' }, period.period_month);
	const reasons: Record<Transition, string> = {
		close: `kỳ ghi ${label} không đang mở (đang ${statusWord[period.status]})`,
		reopen: `chỉ mở lại được kỳ đã đóng; kỳ ghi ${label} đang ${statusWord[period.status]}`,
		lock: `kỳ ghi ${label} đang mở: đóng kỳ trước khi khóa sổ`
	};
	throw new ReadingError(409, 'status', reasons[move]);
}
const statusWord: Record<PeriodRow['status'], string> = {
	open: 'mở',
	closed: 'đóng',
	locked: 'khóa sổ'
};

async function transition(
	db: Database,
	actorId: number | null,
	periodId: number,
	move: Transition,
	auto = false
): Promise<PeriodRow> {
	const [from, to] = moves[move];
	const changed = await db.transaction().execute(async (trx) => {
		const period = await requirePeriod(trx, periodId, true);
		if (period.status !== from) wrongStatus(period, move);
		if (move === 'lock') {
			const flagged = await repo.flaggedCount(trx, periodId);
			if (flagged > 0)
				throw new ReadingError(
					409,
					'review',
					`còn ${flagged} chỉ số chờ duyệt trong kỳ ${monthLabel(period.period_month)}: duyệt hết trước khi khóa sổ`
				);
		}
		const after = await repo
			.changeStatus(trx, periodId, from, to)
			.catch((e) => openRefusal(e, period.period_month));
		if (!after) return wrongStatus(period, move);
		await writeAudit(trx, {
			actorId,
			entity: 'reading_period',
			entityId: periodId,
			action: `reading_period.${auto ? 'auto_lock' : move}`,
			oldValues: { status: period.status, closed_at: period.closed_at },
			newValues: { status: after.status, closed_at: after.closed_at, locked_at: after.locked_at }
		});
		return after;
	});
	announce(periodId);
	return changed;
}

export async function closePeriod(db: Database, user: SessionUser, periodId: number) {
	requireEdit(user);
	return transition(db, user.id, periodId, 'close');
}

/** Reopens a closed period, while no other period is open. */
export async function reopenPeriod(db: Database, user: SessionUser, periodId: number) {
	requireEdit(user);
	const open = await openPeriod(db);
	if (open && open.id !== periodId)
		throw new ReadingError(
			409,
			'period',
			`kỳ ghi ${monthLabel(open.period_month)} đang mở: đóng kỳ đó trước khi mở lại kỳ khác`
		);
	return transition(db, user.id, periodId, 'reopen');
}

/** Locks a closed period with nothing left to review. Final. */
export async function lockPeriod(db: Database, user: SessionUser, periodId: number) {
	requireEdit(user);
	return transition(db, user.id, periodId, 'lock');
}

/**
 * Closes the open period and opens the next one, as the system (no actor): the demo starts
 * on a month with nothing read yet. Returns the new period.
 */
export async function rollOverAsSystem(db: Database): Promise<PeriodRow> {
	const open = await openPeriod(db);
	if (open) await transition(db, null, open.id, 'close');
	return openNextPeriod(db, null);
}

export interface AutoLockReport {
	locked: { id: number; month: string }[];
	kept: { id: number; month: string; reason: string }[];
}

/**
 * Locks every closed period whose auto-lock delay has passed (reading_rules.auto_lock_days
 * after closed_at). One still holding readings to review stays closed, and the report says
 * why. Audited with no actor: the system did it.
 */
export async function autoLockDuePeriods(db: Database, now = new Date()): Promise<AutoLockReport> {
	const report: AutoLockReport = { locked: [], kept: [] };
	for (const p of await repo.periodsDueForLock(db, now)) {
		const month = monthLabel(p.period_month);
		try {
			await transition(db, null, p.id, 'lock', true);
			report.locked.push({ id: p.id, month });
		} catch (err) {
			if (!(err instanceof ReadingError)) throw err;
			report.kept.push({ id: p.id, month, reason: err.reason });
		}
	}
	return report;
}

export async function periodDetail(db: Database, user: SessionUser, periodId: number) {
	const period = await requirePeriod(db, periodId);
	const [routes, staff] = await Promise.all([
		repo.periodRoutes(db, periodId, user.routeIds),
		repo.activeFieldStaff(db)
	]);
	return { period, routes, staff };
}

export const scheduleSchema = v.object({
	periodId: idSchema,
	routeId: idSchema,
	plannedOn: v.pipe(
		v.string('bắt buộc nhập ngày'),
		v.regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày không hợp lệ (YYYY-MM-DD)')
	),
	readerId: v.nullable(idSchema)
});

/** Sets a route's planned day (the period's month ± 10 days) and reader (active field staff). */
export async function editSchedule(db: Database, user: SessionUser, raw: unknown) {
	requireEdit(user);
	const input = parse(scheduleSchema, raw);
	if (!inScope(user, input.routeId))
		throw new ReadingError(404, 'routeId', `tuyến ${input.routeId} không thuộc phạm vi của bạn`);
	const saved = await db.transaction().execute(async (trx) => {
		const period = await requirePeriod(trx, input.periodId);
		if (period.status === 'locked')
			lockRefusal({ code: '55000', message: 'is locked' }, period.period_month);
		if (!inScheduleWindow(period.period_month, input.plannedOn))
			throw new ReadingError(
				400,
				'plannedOn',
				`ngày ghi phải nằm trong tháng ${monthLabel(period.period_month)} (± 10 ngày)`
			);
		if (input.readerId !== null && !(await repo.isActiveFieldStaff(trx, input.readerId)))
			throw new ReadingError(
				400,
				'readerId',
				'người ghi phải là nhân viên ghi chỉ số đang làm việc'
			);
		const old = (await repo.scheduleOf(trx, period.id)).find((s) => s.route_id === input.routeId);
		const row = await repo
			.upsertSchedule(trx, period.id, {
				route_id: input.routeId,
				planned_on: input.plannedOn,
				reader_id: input.readerId
			})
			.catch((e) => openRefusal(e, period.period_month));
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'reading_schedule',
			entityId: `${period.id}/${input.routeId}`,
			action: 'reading_schedule.edit',
			oldValues: old ?? null,
			newValues: row
		});
		return row;
	});
	announce(input.periodId);
	return saved;
}

export const getRules = (db: Database) => repo.rulesRow(db);

/** A number typed in a form ('12,5') or sent as JSON, between min and max. */
const numberField = (
	min: number,
	max: number,
	options: { integer?: boolean; above?: boolean } = {}
) =>
	v.pipe(
		v.union([v.number(), v.string()], 'phải là số'),
		v.transform((x) => (typeof x === 'string' ? Number(x.trim().replace(',', '.')) : x)),
		v.check((n) => Number.isFinite(n) && !Number.isNaN(n), 'phải là số'),
		v.check((n) => !options.integer || Number.isInteger(n), 'phải là số nguyên'),
		v.check(
			(n) => (options.above ? n > min : n >= min) && n <= max,
			`phải ${options.above ? 'lớn hơn' : 'từ'} ${min}${options.above ? ' và tối đa' : ' đến'} ${max}`
		)
	);

export const rulesSchema = v.object({
	tolerancePct: numberField(0, 1000, { above: true }),
	toleranceM3: numberField(0, 100_000),
	maxDistanceM: numberField(5, 5000, { integer: true }),
	photoRequired: v.boolean('phải là có hoặc không'),
	/** Blank or null: periods lock only by hand. */
	autoLockDays: v.pipe(
		v.nullable(v.union([v.number(), v.string()], 'phải là số')),
		v.transform((x) => (x === null || x === '' ? null : x)),
		v.nullable(numberField(0, 60, { integer: true }))
	)
});

export async function updateRules(db: Database, user: SessionUser, raw: unknown) {
	requireEdit(user);
	const input = parse(rulesSchema, raw);
	const values: repo.RulesValues = {
		tolerance_pct: Math.round(input.tolerancePct * 10) / 10,
		tolerance_m3: Math.round(input.toleranceM3 * 1000) / 1000,
		max_distance_m: input.maxDistanceM,
		photo_required: input.photoRequired,
		auto_lock_days: input.autoLockDays
	};
	await db.transaction().execute(async (trx) => {
		const old = await repo.rulesRow(trx, true);
		await repo.updateRules(trx, values, user.id);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'reading_rules',
			entityId: 'rules',
			action: 'reading_rules.update',
			oldValues: old,
			newValues: values
		});
	});
	return values;
}
