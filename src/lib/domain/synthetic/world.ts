/**
 * The synthetic utility as a whole: the small, fixed parts (places, zones, master meters,
 * routes, periods) built up front, and compact per-customer arrays from which any range of
 * customers can be generated on its own (see chunk.ts). Memory is O(customers) in typed
 * arrays only, about 24 bytes per customer.
 */
import { buildPeriods } from './calendar.ts';
import { buildGeography, type Geography } from './geography.ts';
import { buildLayout, type Layout } from './layout.ts';
import { buildMasterMeters, type MasterMeterPlan } from './network.ts';
import { rngFor, Stream } from './prng.ts';
import type { ReadingPeriodRow } from './types.ts';

export interface SyntheticOptions {
	/** Number of connections (customers), 1 … 2,000,000. */
	customers: number;
	/** Any 32-bit unsigned integer: the same seed gives the same utility. */
	seed: number;
}

export const MAX_CUSTOMERS = 2_000_000;

/** Share of customers whose contract was re-signed (revision 2), and whose meter was replaced. */
export const RESIGN_RATE = 0.03;
export const REPLACE_RATE = 0.01;
/** Share of customers with a work order (phiếu công tác) raised in the last 60 days. */
export const WORK_ORDER_RATE = 0.02;

export interface World {
	options: SyntheticOptions;
	geo: Geography;
	layout: Layout;
	masterMeters: MasterMeterPlan[];
	periods: ReadingPeriodRow[];
	/** Per customer index: rank among re-signed customers, or −1. */
	resignRank: Int32Array;
	/** Per customer index: rank among customers with a meter replacement, or −1. */
	replaceRank: Int32Array;
	/** Per customer index: rank among customers with a work order, or −1. */
	workOrderRank: Int32Array;
	resignedCount: number;
	replacedCount: number;
	workOrderCount: number;
}

export function createWorld(options: SyntheticOptions): World {
	const { customers, seed } = options;
	if (!Number.isInteger(customers) || customers < 1 || customers > MAX_CUSTOMERS)
		throw new RangeError(`customers must be an integer between 1 and ${MAX_CUSTOMERS}`);
	if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
		throw new RangeError('seed must be an integer between 0 and 4294967295');
	const geo = buildGeography(customers, seed);
	const layout = buildLayout(geo, customers, seed);
	const resignRank = new Int32Array(customers).fill(-1);
	const replaceRank = new Int32Array(customers).fill(-1);
	const workOrderRank = new Int32Array(customers).fill(-1);
	let resignedCount = 0;
	let replacedCount = 0;
	let workOrderCount = 0;
	for (let i = 0; i < customers; i++) {
		const rng = rngFor(seed, Stream.flags, i);
		if (rng.chance(RESIGN_RATE)) resignRank[i] = resignedCount++;
		if (rng.chance(REPLACE_RATE)) replaceRank[i] = replacedCount++;
		// Drawn last, so the draws above (and the rows they decide) are unchanged.
		if (rng.chance(WORK_ORDER_RATE)) workOrderRank[i] = workOrderCount++;
	}
	return {
		options,
		geo,
		layout,
		masterMeters: buildMasterMeters(geo, seed),
		periods: buildPeriods(),
		resignRank,
		replaceRank,
		workOrderRank,
		resignedCount,
		replacedCount,
		workOrderCount
	};
}

/** Row counts the full generation produces, for progress and verification. */
export function expectedCounts(world: World) {
	const n = world.options.customers;
	return {
		province: 1,
		ward: world.geo.wards.length,
		zone: world.geo.zones.length,
		master_meter: world.masterMeters.length,
		route: world.layout.routes.length,
		reading_period: world.periods.length,
		customer: n,
		meter: n + world.replacedCount,
		contract: n + world.resignedCount,
		meter_replacement: world.replacedCount,
		reading: n * world.periods.length,
		master_meter_volume: world.masterMeters.length * world.periods.length,
		work_order: world.workOrderCount
	};
}
