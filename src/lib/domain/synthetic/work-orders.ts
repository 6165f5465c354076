/**
 * Work orders (phiếu công tác) of the synthetic utility: about 2% of connections have one,
 * raised in the 60 days before TODAY. Overdue meters mostly get a verification order; the
 * rest are leaks, complaints, re-reads and meter swaps. No staff exists in the seed and any
 * status other than new or cancelled needs an assignee, so ~70% are new (open) and the rest
 * cancelled.
 */
import { addDays, at, TODAY } from './calendar.ts';
import { rngFor, Stream } from './prng.ts';
import type { RegisterEntry } from './register.ts';
import type { WorkOrderRow } from './types.ts';
import type { World } from './world.ts';

export const WORK_ORDER_OPEN_SHARE = 0.7;
/** Orders are created at most this many days before TODAY. */
export const WORK_ORDER_WINDOW_DAYS = 60;

type Kind = Exclude<WorkOrderRow['type'], 'meter_verification'>;

const KINDS: readonly (readonly [Kind, number])[] = [
	['leak_repair', 35],
	['complaint_investigation', 30],
	['re_read', 25],
	['meter_replacement', 10]
];

const DESCRIPTIONS: Record<WorkOrderRow['type'], readonly string[]> = {
	meter_verification: ['Đồng hồ quá hạn kiểm định', 'Kiểm định định kỳ đồng hồ nước'],
	meter_replacement: ['Đồng hồ chạy không đều', 'Mặt đồng hồ bị mờ, không đọc được chỉ số'],
	leak_repair: [
		'Rò rỉ sau đồng hồ',
		'Bể ống nhánh trước đồng hồ',
		'Rò rỉ tại van khóa',
		'Nước chảy tràn mặt đường trước nhà'
	],
	complaint_investigation: [
		'Khách hàng phản ánh hóa đơn tăng bất thường',
		'Khách hàng phản ánh nước yếu',
		'Khách hàng phản ánh nước đục'
	],
	re_read: ['Ghi lại chỉ số theo yêu cầu khách hàng', 'Chỉ số kỳ trước nghi ghi sai']
};

/** Working days a crew has for each type, from the day the order is raised. */
const DUE_DAYS: Record<WorkOrderRow['type'], number> = {
	meter_verification: 30,
	meter_replacement: 14,
	leak_repair: 2,
	complaint_investigation: 7,
	re_read: 5
};

/** The work order of customer index i, or null when it has none (see World.workOrderRank). */
export function workOrderFor(world: World, i: number, entry: RegisterEntry): WorkOrderRow | null {
	const rank = world.workOrderRank[i];
	if (rank < 0) return null;
	const rng = rngFor(world.options.seed, Stream.workOrder, i);
	// meters[0] is the meter in service (a removed one, if any, follows it).
	const meter = entry.meters[0];
	const overdue = meter.verificationDueOn < TODAY;
	const type: WorkOrderRow['type'] =
		overdue && rng.chance(0.7) ? 'meter_verification' : rng.weighted(KINDS);
	const priority: WorkOrderRow['priority'] =
		type === 'leak_repair'
			? rng.weighted([
					['urgent', 1],
					['high', 3]
				] as const)
			: rng.weighted([
					['low', 1],
					['normal', 4],
					['high', 1]
				] as const);
	const createdOn = addDays(TODAY, -rng.int(0, WORK_ORDER_WINDOW_DAYS - 1));
	// Raised in office hours, 07:30–16:30.
	const createdAt = at(createdOn, 450 + rng.int(0, 540));
	const status = rng.chance(WORK_ORDER_OPEN_SHARE) ? 'new' : 'cancelled';
	return {
		id: rank + 1,
		number: `PCT-${createdOn.slice(0, 4)}-${String(rank + 1).padStart(6, '0')}`,
		type,
		status,
		priority,
		customerId: entry.customer.id,
		meterId: type === 're_read' || type === 'leak_repair' ? null : meter.id,
		geom: entry.customer.geom,
		description: rng.pick(DESCRIPTIONS[type]),
		dueAt: at(addDays(createdOn, DUE_DAYS[type]), 17 * 60),
		createdAt
	};
}
