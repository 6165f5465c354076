import { m } from '#lib/paraglide/messages.js';
import type {
	WorkOrderPriority,
	WorkOrderStatus,
	WorkOrderType
} from '#lib/domain/work-orders/workflow.ts';

/** Localised names of the register's codes shown on the map (falls back to the code). */
const lookup =
	(table: Record<string, () => string>) =>
	(code: string): string =>
		table[code]?.() ?? code;

/** Work-order names, shared by the map, the work-order pages and the field view. */
export const workOrderTypeNames: Record<WorkOrderType, () => string> = {
	new_connection: m.wo_type_new_connection,
	meter_replacement: m.wo_type_meter_replacement,
	meter_verification: m.wo_type_meter_verification,
	leak_repair: m.wo_type_leak_repair,
	complaint_investigation: m.wo_type_complaint_investigation,
	disconnection: m.wo_type_disconnection,
	reconnection: m.wo_type_reconnection,
	re_read: m.wo_type_re_read,
	relocation: m.wo_type_relocation,
	inspection: m.wo_type_inspection
};

export const workOrderStatusNames: Record<WorkOrderStatus, () => string> = {
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

export const workOrderPriorityNames: Record<WorkOrderPriority, () => string> = {
	low: m.wo_priority_low,
	normal: m.wo_priority_normal,
	high: m.wo_priority_high,
	urgent: m.wo_priority_urgent
};

export const workOrderTypeLabel = lookup(workOrderTypeNames);
export const workOrderStatusLabel = lookup(workOrderStatusNames);
export const priorityLabel = lookup(workOrderPriorityNames);

export const readingKindLabel = lookup({
	actual: m.reading_actual,
	estimated: m.reading_estimated,
	no_access: m.reading_no_access
});

export const contractStatusLabel = lookup({
	active: m.contract_active,
	superseded: m.contract_superseded,
	terminated: m.contract_terminated
});

export const directionLabel = lookup({ in: m.map_direction_in, out: m.map_direction_out });
