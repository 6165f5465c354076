/**
 * Loads the synthetic utility into a migrated database, all in one transaction: a failure
 * leaves nothing behind. Customers are generated and written chunk by chunk, so memory stays
 * bounded at any size. Refuses a database that already holds a register unless `reset`.
 */
import type postgres from 'postgres';
import {
	addBilled,
	createWorld,
	generateChunk,
	masterMeterVolumes,
	PERIOD_COUNT,
	type RegisterChunk,
	type SyntheticOptions,
	type World
} from '../../domain/synthetic/index.ts';
import { bulkWriter, type BulkMode } from './bulk.ts';
import { restoreAfterLoad, setAsideForLoad } from './constraints.ts';
import {
	contractTable,
	customerTable,
	masterMeterTable,
	masterMeterVolumeTable,
	meterReplacementTable,
	meterTable,
	provinceTable,
	readingPeriodTable,
	readingTable,
	routeTable,
	wardTable,
	workOrderTable,
	zoneTable,
	type TableSpec
} from './tables.ts';
import { seedZoneNetwork } from './nrw-network.ts';
import { seedTariffs } from './tariffs.ts';

export interface SeedOptions extends SyntheticOptions {
	/** 'copy' for real PostgreSQL, 'insert' for the embedded PGlite (see bulk.ts). */
	bulk: BulkMode;
	/** Replace an existing register (truncates it) instead of refusing. */
	reset?: boolean;
	/** Customers generated and written per step (default: 1/20 of the run, 10k–20k). */
	chunkSize?: number;
	/** Called after each step; throwing from it aborts the seed and rolls everything back. */
	onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
	customersDone: number;
	customers: number;
	rows: number;
}

export interface SeedResult {
	/** Rows written per table. */
	counts: Record<string, number>;
}

export class SeedRefusedError extends Error {}

/** Tables the seed fills; a reset truncates them (and, by cascade, what references them). */
export const REGISTER_TABLES = [
	'province',
	'ward',
	'zone',
	'master_meter',
	'master_meter_volume',
	'route',
	'customer',
	'meter',
	'meter_replacement',
	'contract',
	'reading_period',
	'reading',
	'work_order'
] as const;

/** Tables written chunk by chunk: their foreign keys and GiST indexes wait until the end. */
const BULK_TABLES = ['customer', 'meter', 'contract', 'meter_replacement', 'reading', 'work_order'];

/** ~1/20 of the run per chunk, 10k–20k customers: few COPY statements, ~1 GB peak at most. */
function defaultChunkSize(customers: number): number {
	return Math.min(20_000, Math.max(10_000, Math.ceil(customers / 20)));
}

/**
 * Generates a chunk in slices of 1,000 customers, yielding between slices so the socket keeps
 * streaming the previous chunk to the server meanwhile (Node generates on one core while
 * PostgreSQL ingests on the other).
 */
async function generateInSlices(world: World, from: number, to: number): Promise<RegisterChunk> {
	const slices: RegisterChunk[] = [];
	for (let f = from; f < to; f += 1_000) {
		slices.push(generateChunk(world, f, Math.min(to, f + 1_000)));
		await new Promise((resolve) => setImmediate(resolve));
	}
	const chunk = generateChunk(world, from, from);
	chunk.to = Math.min(to, world.options.customers);
	for (const s of slices) {
		for (const key of [
			'customers',
			'meters',
			'contracts',
			'replacements',
			'readings',
			'workOrders'
		] as const)
			for (const row of s[key]) (chunk[key] as unknown[]).push(row);
		addBilled(chunk.billed, s);
	}
	return chunk;
}

export async function seedDatabase(sql: postgres.Sql, options: SeedOptions): Promise<SeedResult> {
	const world = createWorld({ customers: options.customers, seed: options.seed });
	const chunkSize = options.chunkSize ?? defaultChunkSize(options.customers);
	const counts: Record<string, number> = {};

	await sql.begin(async (tx) => {
		// One seed at a time; a second one waits here and then finds the register full.
		await tx`select pg_advisory_xact_lock(hashtext('waterline.seed'))`;
		const previous = await guardEmpty(tx, options.reset === true);
		await tx`set local maintenance_work_mem = '256MB'`;
		// The map's triggers step aside during the load; its rows are built once at the end.
		await tx`set local waterline.bulk_load = 'on'`;
		const writer = bulkWriter(tx, options.bulk);
		const write = async <R>(spec: TableSpec<R>, rows: readonly R[]) => {
			await writer.write(spec, rows);
			counts[spec.table] = (counts[spec.table] ?? 0) + rows.length;
		};

		await write(provinceTable, [world.geo.province]);
		await write(wardTable, world.geo.wards);
		await write(zoneTable, world.geo.zones);
		await write(masterMeterTable, world.masterMeters);
		await write(routeTable, world.layout.routes);
		// Locked periods refuse new readings (a trigger), so they are written closed and locked
		// once their readings are in.
		await write(
			readingPeriodTable,
			world.periods.map((p) =>
				p.status === 'locked' ? { ...p, status: 'closed', lockedAt: null } : p
			)
		);

		const deferred = await setAsideForLoad(tx, BULK_TABLES);
		const billed = new Float64Array(world.geo.zones.length * PERIOD_COUNT);
		let rows = 0;
		let next: Promise<RegisterChunk> | null = generateInSlices(world, 0, chunkSize);
		while (next) {
			const chunk: RegisterChunk = await next;
			next =
				chunk.to < options.customers
					? generateInSlices(world, chunk.to, chunk.to + chunkSize)
					: null;
			// Keep a pending generation from surfacing as unhandled if a write below fails.
			next?.catch(() => {});
			addBilled(billed, chunk);
			// Parents before children, as the foreign keys will check at the end.
			await write(customerTable, chunk.customers);
			await write(meterTable, chunk.meters);
			await write(contractTable, chunk.contracts);
			await write(meterReplacementTable, chunk.replacements);
			await write(readingTable, chunk.readings);
			await write(workOrderTable, chunk.workOrders);
			rows +=
				chunk.customers.length +
				chunk.meters.length +
				chunk.contracts.length +
				chunk.replacements.length +
				chunk.readings.length +
				chunk.workOrders.length;
			options.onProgress?.({ customersDone: chunk.to, customers: options.customers, rows });
		}
		await restoreAfterLoad(tx, deferred);
		for (const p of world.periods)
			if (p.status === 'locked')
				await tx`update reading_period set status = 'locked', locked_at = ${p.lockedAt}
					where id = ${p.id}`;
		await write(masterMeterVolumeTable, masterMeterVolumes(world, billed));
		await seedTariffs(tx);
		await seedZoneNetwork(tx);
		// After every source table (work orders included): the map counts open work orders.
		await tx`select map_refresh_customers(null)`;
		await tx`set local waterline.bulk_load = 'off'`;

		// Explicit ids were written: move each identity past them so the app's inserts fit.
		for (const table of REGISTER_TABLES)
			if (table !== 'master_meter_volume')
				await tx.unsafe(
					`select setval(pg_get_serial_sequence('${table}', 'id'), max(id)) from ${table} having max(id) is not null`
				);
		await tx`
			insert into audit_log (entity, entity_id, action, old_values, new_values)
			values ('seed', ${String(options.seed)}, 'seed',
				${previous === null ? null : tx.json({ customers: previous })},
				${tx.json({ customers: options.customers, seed: options.seed })})`;
		// Fresh statistics, so the app's first queries plan on real row counts.
		await tx.unsafe(`analyze ${[...REGISTER_TABLES, 'customer_map', 'customer_cell'].join(', ')}`);
	});
	return { counts };
}

/**
 * Refuses a database that already holds register rows, or empties it when `reset`. Returns
 * the number of customers replaced (null when it was empty).
 */
async function guardEmpty(tx: postgres.TransactionSql, reset: boolean): Promise<number | null> {
	const probes = REGISTER_TABLES.map((t) => `select '${t}' as t where exists (select 1 from ${t})`);
	const filled = (await tx.unsafe<{ t: string }[]>(probes.join(' union all '))).map((r) => r.t);
	// customer_code_seq is not owned by a column, so TRUNCATE … RESTART IDENTITY leaves it; it
	// may also have moved in an earlier, rolled-back run. Restart it (transactionally) so codes
	// start at KH00000001 and the same seed gives the same codes.
	const restartCodes = () => tx`alter sequence customer_code_seq restart with 1`;
	if (filled.length === 0) {
		await restartCodes();
		return null;
	}
	const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from customer`;
	if (!reset)
		throw new SeedRefusedError(
			`the database already holds a register (${n ? `${n} customers` : `rows in ${filled.join(', ')}`}). ` +
				'Seeding into it would mix two utilities: pass --reset (reset: true) to replace it.'
		);
	await tx.unsafe(`truncate ${REGISTER_TABLES.join(', ')} restart identity cascade`);
	await restartCodes();
	return n;
}
