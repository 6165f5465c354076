/**
 * How a virtual field worker carries out an assigned work order: accept it and set off at
 * once, start work on arrival, finish when the work (the dwell) is over; and what they enter
 * as the result, valid for the order's type (see work-orders/results.ts).
 */
import type { Rng } from '../synthetic/prng.ts';
import { leakKinds, type WorkOrderResult } from '../work-orders/results.ts';
import type { WorkOrderStatus, WorkOrderType } from '../work-orders/workflow.ts';

/** The assignee's path through the workflow when all goes well. */
const happyPath: readonly WorkOrderStatus[] = [
	'assigned',
	'accepted',
	'en_route',
	'in_progress',
	'done'
];

/** The moment in the walk a status is reached: on assignment, on arrival, on leaving. */
export type Milestone = 'assigned' | 'arrived' | 'finished';
const milestoneStatus: Record<Milestone, WorkOrderStatus> = {
	assigned: 'en_route',
	arrived: 'in_progress',
	finished: 'done'
};

/**
 * The transitions, in order, that take an order from `status` to where it should be at the
 * milestone; empty when it is already there or past it, or off the happy path (failed,
 * cancelled, verified: nothing for the worker to do).
 */
export function stepsTo(status: WorkOrderStatus, milestone: Milestone): WorkOrderStatus[] {
	const from = happyPath.indexOf(status);
	const to = happyPath.indexOf(milestoneStatus[milestone]);
	if (from < 0 || from >= to) return [];
	return happyPath.slice(from + 1, to + 1);
}

/** Whether the worker still has something to do on the order (it is on their happy path). */
export function isActive(status: WorkOrderStatus): boolean {
	return happyPath.includes(status) && status !== 'done';
}

/** Minutes of work on site per type, for the dwell at the order's location. */
export const workMinutes: Record<WorkOrderType, number> = {
	new_connection: 30,
	meter_replacement: 20,
	meter_verification: 15,
	leak_repair: 40,
	complaint_investigation: 10,
	disconnection: 10,
	reconnection: 10,
	re_read: 3,
	relocation: 30,
	inspection: 10
};

/** A plausible meter index, m³ with 3 decimals. */
function index(rng: Rng): number {
	return Math.round(rng.real(0, 5000) * 1000) / 1000;
}

function serial(rng: Rng): string {
	return `SIM-${rng.digits(8)}`;
}

function seal(rng: Rng): string {
	return `KC${rng.digits(6)}`;
}

/** A result a technician could enter for an order of this type. */
export function simulatedResult(type: WorkOrderType, rng: Rng): WorkOrderResult {
	switch (type) {
		case 'new_connection':
			return { meterSerial: serial(rng), initialIndex: 0, sealNumber: seal(rng) };
		case 'meter_replacement':
			return { oldFinalIndex: index(rng), newSerial: serial(rng), newInitialIndex: 0 };
		case 'meter_verification':
			return { passed: rng.chance(0.9), certificateNo: `KD-${rng.digits(6)}` };
		case 'leak_repair':
			return {
				leakKind: rng.pick(leakKinds),
				pipeDiameterMm: rng.pick([15, 20, 25, 50, 100]),
				waterLossM3: Math.round(rng.real(0.1, 20) * 1000) / 1000
			};
		case 'complaint_investigation':
			return { finding: 'Đã kiểm tra tại chỗ, đồng hồ hoạt động bình thường (mô phỏng)' };
		case 'disconnection':
		case 'reconnection':
			return { index: index(rng), sealNumber: seal(rng) };
		case 're_read':
			return { index: index(rng) };
		case 'relocation':
			return { newLocation: 'Dời đồng hồ ra trước cổng (mô phỏng)' };
		case 'inspection':
			return { finding: 'Đồng hồ chạy bình thường, không có dấu hiệu gian lận (mô phỏng)' };
	}
}
