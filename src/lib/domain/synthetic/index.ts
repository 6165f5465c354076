/**
 * The synthetic utility: a deterministic, believable Vietnamese water company (Huế) for demos,
 * tests and benchmarks. createWorld() builds the fixed parts; generateChunk() yields the rows
 * of any customer range; masterMeterVolumes() closes each zone's water balance once every
 * chunk's billed totals are summed.
 */
export {
	createWorld,
	expectedCounts,
	MAX_CUSTOMERS,
	type SyntheticOptions,
	type World
} from './world.ts';
export { generateChunk, generateAll, addBilled, type RegisterChunk } from './chunk.ts';
export { masterMeterVolumes } from './consumption.ts';
export { PERIOD_COUNT } from './calendar.ts';
export type * from './types.ts';
