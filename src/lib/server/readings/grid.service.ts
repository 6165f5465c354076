/**
 * The office entry grid's data: one route's sheet in a period (route scope applied), each row
 * shaped for the page (notices, average of the last 3 periods, this period's reading).
 */
import { can } from '../../domain/access/permissions.ts';
import { averageM3, gridNotices, type GridNotice } from '../../domain/readings/grid.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { routeBrief } from './periods.repository.ts';
import { findPeriod } from './readings.repository.ts';
import { ReadingError } from './readings.schemas.ts';
import { inScope, monthLabel } from './readings.service.ts';
import { sheetRows, type SheetRow } from './sheet.repository.ts';

export interface GridRow {
	customerId: number;
	seq: number | null;
	code: string;
	name: string;
	address: string;
	status: SheetRow['status'];
	serial: string | null;
	dialDigits: number | null;
	/** The index this period starts from, m³; null without a meter in service. */
	startIndex: number | null;
	/** Last 3 actual consumptions, newest first, m³. */
	history: number[];
	averageM3: number | null;
	notices: GridNotice[];
	reading: {
		currentIndex: number | null;
		consumptionM3: number | null;
		kind: string;
		flags: string[];
		reviewStatus: string | null;
		noteCode: string | null;
		source: string | null;
	} | null;
}

export function toGridRow(r: SheetRow): GridRow {
	return {
		customerId: r.customer_id,
		seq: r.route_seq,
		code: r.code,
		name: r.name,
		address: r.address,
		status: r.status,
		serial: r.meter_serial,
		dialDigits: r.dial_digits,
		startIndex: r.start_index,
		history: r.history.map(Number),
		averageM3: averageM3(r.history.map(Number)),
		notices: gridNotices(r),
		reading:
			r.reading_id === null || r.kind === null
				? null
				: {
						currentIndex: r.current_index,
						consumptionM3: r.consumption_m3,
						kind: r.kind,
						flags: r.flags,
						reviewStatus: r.review_status,
						noteCode: r.note_code,
						source: r.source
					}
	};
}

async function scopedRoute(db: Database, user: SessionUser, routeId: number) {
	const route = await routeBrief(db, routeId);
	if (!route || !inScope(user, routeId))
		throw new ReadingError(404, 'routeId', `không tìm thấy tuyến ${routeId} trong phạm vi của bạn`);
	return route;
}

/** A route's grid in a period; `customerId` narrows it to one row (a refresh after a change). */
export async function routeGrid(
	db: Database,
	user: SessionUser,
	periodId: number,
	routeId: number,
	customerId?: number
) {
	const period = await findPeriod(db, periodId);
	if (!period) throw new ReadingError(404, 'periodId', `kỳ ghi ${periodId} không tồn tại`);
	const route = await scopedRoute(db, user, routeId);
	const sheet =
		customerId === undefined
			? await sheetRows(db, periodId, { routeId })
			: (await sheetRows(db, periodId, { customerIds: [customerId] })).filter(
					(r) => r.route_id === routeId
				);
	return {
		period: { ...period, label: monthLabel(period.period_month) },
		route,
		rows: sheet.map(toGridRow),
		editable: period.status === 'open' && can(user.permissions, 'readings', 'edit')
	};
}
