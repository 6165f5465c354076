/**
 * The read side of the reading review: the list of flagged (or reviewed) readings per period,
 * one reading with its history, photos, corrections, back-billings and orders, and a
 * customer's meter photos for the customer card. Route scope applies to each: another
 * route's reading is a 404, another route's photos an empty list.
 */
import { average3, resultIndex, reviewedStatuses } from '../../domain/readings/review.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as readings from './readings.repository.ts';
import { inScope } from './readings.service.ts';
import { ReadingError } from './readings.schemas.ts';
import * as repo from './review.repository.ts';
import type { ReviewListInput } from './review.schemas.ts';

export const REVIEW_PAGE_SIZE = 50;

/** The period the list opens on: the open one, else the latest closed, else the latest. */
export async function defaultPeriod(db: Database) {
	const periods = await readings.listPeriods(db);
	return {
		periods,
		period:
			periods.find((p) => p.status === 'open') ??
			periods.find((p) => p.status === 'closed') ??
			periods[0]
	};
}

export async function reviewList(db: Database, user: SessionUser, input: ReviewListInput) {
	const { periods, period: fallback } = await defaultPeriod(db);
	const period = input.period === undefined ? fallback : periods.find((p) => p.id === input.period);
	if (!period) throw new ReadingError(404, 'period', `kỳ ghi ${input.period ?? ''} không tồn tại`);
	const filter: repo.ReviewFilter = {
		periodId: period.id,
		statuses: input.tab === 'flagged' ? ['flagged'] : reviewedStatuses,
		flag: input.flag,
		routeId: input.route,
		readerId: input.reader,
		routeIds: user.routeIds,
		limit: REVIEW_PAGE_SIZE,
		offset: (input.page - 1) * REVIEW_PAGE_SIZE
	};
	const [rows, total, choices] = await Promise.all([
		repo.listReview(db, filter),
		repo.countReview(db, filter),
		repo.reviewChoices(db, period.id, user.routeIds)
	]);
	return { periods, period, rows, total, page: input.page, pageSize: REVIEW_PAGE_SIZE, choices };
}

export async function reviewDetail(db: Database, user: SessionUser, id: number) {
	const reading = await repo.findReading(db, id);
	if (!reading || !inScope(user, reading.route_id))
		throw new ReadingError(404, 'readingId', `không tìm thấy chỉ số ${id} trong tuyến của bạn`);
	const [history, photos, corrections, backBillings, orders, rules] = await Promise.all([
		repo.consumptionHistory(db, reading.customer_id, reading.period_month),
		repo.meterPhotos(db, { readingId: id }),
		repo.corrections(db, id),
		repo.backBillings(db, reading.customer_id),
		repo.linkedOrders(db, id),
		readings.readingRules(db)
	]);
	const actual = history
		.filter((h) => h.period_month < reading.period_month && h.kind === 'actual')
		.map((h) => h.consumption_m3 ?? 0)
		.reverse();
	return {
		reading,
		averageM3: average3(actual),
		history,
		photos,
		corrections,
		backBillings,
		orders: orders.map((o) => ({ ...o, id: Number(o.id), resultIndex: resultIndex(o.result) })),
		maxDistanceM: rules.maxDistanceM
	};
}

/** The customer's meter photos with their period, for the customer card (route-scoped). */
export async function customerMeterPhotos(db: Database, user: SessionUser, customerId: number) {
	const route = await readings.customerRoute(db, customerId);
	if (route === undefined || !inScope(user, route)) return [];
	return repo.meterPhotos(db, { customerId });
}
