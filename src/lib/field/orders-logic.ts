/**
 * The technician's order list, as pure rules: which orders it shows, in which order, and
 * which are overdue.
 */
import type { WorkOrderListItem } from '#lib/domain/work-orders/list-item.ts';

/** One order as GET /api/work-orders lists it. */
export type FieldOrder = WorkOrderListItem;

const priorityRank: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Statuses after which the technician has nothing left to do. */
export const closedStatuses: readonly string[] = ['done', 'failed', 'verified', 'cancelled'];

export function isOverdue(order: Pick<FieldOrder, 'dueAt' | 'status'>, now: Date): boolean {
	return (
		order.dueAt !== null &&
		!closedStatuses.includes(order.status) &&
		Date.parse(order.dueAt) < now.getTime()
	);
}

/**
 * Open orders first; among them the most urgent priority, then the earliest due time (no due
 * time last), then the oldest. Closed orders (done or failed today) go to the end, newest
 * first, so the technician still sees what they finished.
 */
export function sortOrders<T extends FieldOrder>(orders: T[]): T[] {
	const due = (o: FieldOrder) => (o.dueAt === null ? Infinity : Date.parse(o.dueAt));
	return [...orders].sort((a, b) => {
		const closedA = closedStatuses.includes(a.status);
		const closedB = closedStatuses.includes(b.status);
		if (closedA !== closedB) return closedA ? 1 : -1;
		if (closedA) return Date.parse(b.createdAt) - Date.parse(a.createdAt);
		return (
			(priorityRank[a.priority] ?? 2) - (priorityRank[b.priority] ?? 2) ||
			due(a) - due(b) ||
			Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
			a.id - b.id
		);
	});
}

/**
 * Directions to the order, opened only when the technician taps it: the maps link opens the
 * phone's maps app (Android and iOS) with the destination filled in. Lat before lon.
 */
export function navigationUrl(lon: number, lat: number): string {
	return `https://www.google.com/maps/dir/?api=1&destination=${lat.toFixed(6)},${lon.toFixed(6)}`;
}
