/**
 * Service levels: hours from creation to due time per order type, scaled by priority.
 * Leaks are urgent by nature; verifications and new connections take days.
 */
import type { WorkOrderPriority, WorkOrderStatus, WorkOrderType } from './workflow.ts';

/** Hours at normal priority. */
export const baseSlaHours: Record<WorkOrderType, number> = {
	leak_repair: 24,
	reconnection: 24,
	disconnection: 48,
	complaint_investigation: 72,
	re_read: 72,
	meter_replacement: 168,
	meter_verification: 240,
	new_connection: 240,
	relocation: 240,
	inspection: 72
};

const priorityFactor: Record<WorkOrderPriority, number> = {
	urgent: 0.25,
	high: 0.5,
	normal: 1,
	low: 2
};

/** Whole hours, at least 1 and at most 2,160 (90 days, the column's bound). */
export function slaHours(type: WorkOrderType, priority: WorkOrderPriority): number {
	return Math.min(2160, Math.max(1, Math.round(baseSlaHours[type] * priorityFactor[priority])));
}

export function dueAt(createdAt: Date, hours: number): Date {
	return new Date(createdAt.getTime() + hours * 3_600_000);
}

/** Past due and not yet finished (done, failed, verified and cancelled are never overdue). */
export function isOverdue(due: Date | string | null, status: WorkOrderStatus, now: Date): boolean {
	if (due === null) return false;
	if (['done', 'failed', 'verified', 'cancelled'].includes(status)) return false;
	return new Date(due).getTime() < now.getTime();
}
