/**
 * The work order (phiếu công tác) workflow: new → assigned → accepted → en_route →
 * in_progress → done | failed → verified, and cancelled from any state that is not final.
 * Dispatchers (and supervisors) assign, verify and cancel; the assignee carries the order
 * out. Everything else is refused with a reason the caller can show.
 */
export const workOrderStatuses = [
	'new',
	'assigned',
	'accepted',
	'en_route',
	'in_progress',
	'done',
	'failed',
	'verified',
	'cancelled'
] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

export const workOrderTypes = [
	'new_connection',
	'meter_replacement',
	'meter_verification',
	'leak_repair',
	'complaint_investigation',
	'disconnection',
	'reconnection',
	're_read',
	'relocation',
	'inspection'
] as const;
export type WorkOrderType = (typeof workOrderTypes)[number];

export const workOrderPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type WorkOrderPriority = (typeof workOrderPriorities)[number];

export type Actor = 'dispatcher' | 'assignee';

/** No transition leaves these. */
export const finalStatuses: readonly WorkOrderStatus[] = ['verified', 'cancelled'];
/** Orders that still count as work for someone (load, queue, overdue). */
export const openStatuses: readonly WorkOrderStatus[] = workOrderStatuses.filter(
	(s) => !finalStatuses.includes(s) && s !== 'done' && s !== 'failed'
);

const assigneeMoves: Partial<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
	assigned: ['accepted'],
	accepted: ['en_route', 'failed'],
	en_route: ['in_progress', 'failed'],
	in_progress: ['done', 'failed']
};

// Assignment (new ↔ assigned) goes through assignment(), not through a status move, because
// it names a staff member.
const dispatcherMoves: Partial<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
	done: ['verified'],
	failed: ['verified']
};

export function isFinal(status: WorkOrderStatus): boolean {
	return finalStatuses.includes(status);
}

/** Statuses the actor may move an order to from `status` (assignment not included). */
export function nextStatuses(status: WorkOrderStatus, actor: Actor): WorkOrderStatus[] {
	const moves = [...((actor === 'assignee' ? assigneeMoves : dispatcherMoves)[status] ?? [])];
	if (actor === 'dispatcher' && !isFinal(status)) moves.push('cancelled');
	return moves;
}

export function canTransition(from: WorkOrderStatus, to: WorkOrderStatus, actor: Actor): boolean {
	return nextStatuses(from, actor).includes(to);
}

export type TransitionRefusal =
	| { reason: 'final'; from: WorkOrderStatus }
	| { reason: 'not_allowed'; from: WorkOrderStatus; to: WorkOrderStatus; actor: Actor };

/** Null when the move is allowed, else why not. */
export function transitionRefusal(
	from: WorkOrderStatus,
	to: WorkOrderStatus,
	actor: Actor
): TransitionRefusal | null {
	if (isFinal(from)) return { reason: 'final', from };
	if (canTransition(from, to, actor)) return null;
	return { reason: 'not_allowed', from, to, actor };
}

/**
 * Assigning, reassigning or unassigning an order. An order not yet started (new, assigned,
 * accepted, en route) can change hands: it goes back to assigned for the new assignee to
 * accept, or to new when unassigned. Work in progress or finished work keeps its assignee.
 */
export const reassignable: readonly WorkOrderStatus[] = ['new', 'assigned', 'accepted', 'en_route'];

export type AssignmentOutcome =
	{ ok: true; status: WorkOrderStatus; changed: boolean } | { ok: false; status: WorkOrderStatus };

export function assignment(
	current: { status: WorkOrderStatus; assignedTo: number | null },
	staffId: number | null
): AssignmentOutcome {
	if (!reassignable.includes(current.status)) return { ok: false, status: current.status };
	if (staffId === null) {
		return { ok: true, status: 'new', changed: current.assignedTo !== null };
	}
	return {
		ok: true,
		status: 'assigned',
		changed: current.assignedTo !== staffId || current.status !== 'assigned'
	};
}

export function isWorkOrderStatus(s: string): s is WorkOrderStatus {
	return (workOrderStatuses as readonly string[]).includes(s);
}
