import { workOrderTypes, type WorkOrderType } from '#lib/domain/work-orders/workflow.ts';
import { isWorkOrderStatus, nextStatuses } from '#lib/domain/work-orders/workflow.ts';

export function isWorkOrderType(type: string): type is WorkOrderType {
	return (workOrderTypes as readonly string[]).includes(type);
}

/** The moves the technician may make from a status (none for an unknown one). */
export function assigneeMoves(status: string): string[] {
	return isWorkOrderStatus(status) ? nextStatuses(status, 'assignee') : [];
}
