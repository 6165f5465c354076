/** Vietnamese-first labels of work-order statuses, types and priorities. */
import { m } from '#lib/paraglide/messages.js';
import type {
	WorkOrderPriority,
	WorkOrderStatus,
	WorkOrderType
} from '#lib/domain/work-orders/workflow.ts';

export const statusLabel: Record<WorkOrderStatus, () => string> = {
	new: m.wo_status_new,
	assigned: m.wo_status_assigned,
	accepted: m.wo_status_accepted,
	en_route: m.wo_status_en_route,
	in_progress: m.wo_status_in_progress,
	done: m.wo_status_done,
	failed: m.wo_status_failed,
	verified: m.wo_status_verified,
	cancelled: m.wo_status_cancelled
};

export const typeLabel: Record<WorkOrderType, () => string> = {
	new_connection: m.wo_type_new_connection,
	meter_replacement: m.wo_type_meter_replacement,
	meter_verification: m.wo_type_meter_verification,
	leak_repair: m.wo_type_leak_repair,
	complaint_investigation: m.wo_type_complaint_investigation,
	disconnection: m.wo_type_disconnection,
	reconnection: m.wo_type_reconnection,
	re_read: m.wo_type_re_read,
	relocation: m.wo_type_relocation
};

export const priorityLabel: Record<WorkOrderPriority, () => string> = {
	low: m.wo_priority_low,
	normal: m.wo_priority_normal,
	high: m.wo_priority_high,
	urgent: m.wo_priority_urgent
};

/** The label, or the code itself for a value this build does not know. */
export const label = (map: Record<string, () => string>, code: string): string =>
	map[code]?.() ?? code;
