/**
 * Generates the rows of customers [from, to) independently of any other range: a loader
 * streams the utility chunk by chunk with bounded memory, and the concatenation of chunks is
 * the same whatever the chunk size.
 */
import { PERIOD_COUNT } from './calendar.ts';
import { readingsFor } from './consumption.ts';
import { registerEntry } from './register.ts';
import type {
	ContractRow,
	CustomerRow,
	MeterReplacementRow,
	MeterRow,
	ReadingRow,
	WorkOrderRow
} from './types.ts';
import { workOrderFor } from './work-orders.ts';
import type { World } from './world.ts';

export interface RegisterChunk {
	from: number;
	to: number;
	customers: CustomerRow[];
	meters: MeterRow[];
	contracts: ContractRow[];
	replacements: MeterReplacementRow[];
	readings: ReadingRow[];
	workOrders: WorkOrderRow[];
	/** Booked consumption of this chunk per zone and period (zone index × 12 + period), m³. */
	billed: Float64Array;
}

export function generateChunk(world: World, from: number, to: number): RegisterChunk {
	to = Math.min(to, world.options.customers);
	const chunk: RegisterChunk = {
		from,
		to,
		customers: [],
		meters: [],
		contracts: [],
		replacements: [],
		readings: [],
		workOrders: [],
		billed: new Float64Array(world.geo.zones.length * PERIOD_COUNT)
	};
	for (let i = from; i < to; i++) {
		const entry = registerEntry(world, i);
		chunk.customers.push(entry.customer);
		for (const m of entry.meters) chunk.meters.push(m);
		for (const c of entry.contracts) chunk.contracts.push(c);
		const { readings, oldFinalIndex } = readingsFor(world, entry.profile, chunk.billed);
		for (const r of readings) chunk.readings.push(r);
		const repl = entry.profile.replacement;
		if (repl && oldFinalIndex !== null)
			chunk.replacements.push({
				id: repl.replacementId,
				customerId: i + 1,
				oldMeterId: repl.oldMeterId,
				newMeterId: i + 1,
				replacedOn: repl.replacedOn,
				oldFinalIndex,
				newInitialIndex: repl.newInitialIndex,
				reason: repl.reason
			});
		const order = workOrderFor(world, i, entry);
		if (order) chunk.workOrders.push(order);
	}
	return chunk;
}

/** Adds a chunk's zone totals into a running total. */
export function addBilled(total: Float64Array, chunk: RegisterChunk): void {
	for (let k = 0; k < total.length; k++) total[k] += chunk.billed[k];
}

/** The whole utility in memory: for tests and small runs only (a loader streams chunks). */
export function generateAll(world: World): RegisterChunk {
	return generateChunk(world, 0, world.options.customers);
}
