// `npm run bench:seed -- [--customers N]` (default 200,000; the 1M target: --customers 1000000).
// Product: the synthetic utility (generation in Node, COPY over the wire) into a fresh,
// migrated database. Floor, in the same run: the same number of customer, meter, contract and
// reading rows written by bare SQL inside PostgreSQL (INSERT … SELECT generate_series) into an
// identical fresh database: no generation, no wire transfer. Prints both and their ratio.
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../src/lib/server/db/test-database.ts';
import { restoreAfterLoad, setAsideForLoad } from '../src/lib/server/seed/constraints.ts';
import { seedDatabase } from '../src/lib/server/seed/seed.ts';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '200000' } } });
const customers = Number(values.customers);
if (!Number.isInteger(customers) || customers < 1000 || customers > 2_000_000) {
	console.error('--customers: must be an integer between 1000 and 2000000');
	process.exit(1);
}

async function timed(label: string, run: (db: ScratchDb) => Promise<unknown>): Promise<number> {
	const db = await createScratchDb(`bench_${label}`);
	try {
		await migrateToLatest(db.db);
		const started = performance.now();
		await run(db);
		return (performance.now() - started) / 1000;
	} finally {
		await db.drop();
	}
}

/**
 * The floor: the same row counts, produced and written by the server alone, in one
 * transaction, with foreign keys and GiST indexes set aside during the load as the seed does,
 * work orders for 2% of customers, and the map's rows built once at the end (as the seed does).
 */
async function bareSql(db: ScratchDb): Promise<void> {
	await db.sql.begin(async (tx) => {
		await tx`set local waterline.bulk_load = 'on'`;
		await tx`insert into province (code, name) values ('46', 'Huế')`;
		await tx`insert into ward (province_id, code, name, kind) values (1, '19999', 'Phường X', 'phuong')`;
		await tx`insert into zone (code, name, geom) values ('Z', 'Z',
			ST_Multi(ST_MakeEnvelope(107.5, 16.4, 107.7, 16.6, 4326)))`;
		await tx`insert into route (code, name, zone_id) values ('R', 'R', 1)`;
		await tx`insert into reading_period (period_month, status)
			select d::date, 'open' from generate_series('2025-12-01'::date, '2026-11-01', '1 month') d`;
		const deferred = await setAsideForLoad(tx, ['customer', 'meter', 'contract', 'reading']);
		await tx`insert into customer (name, kind, address, ward_id, geom, zone_id, category, route_id, route_seq)
			select 'Khách ' || i, 'individual', i || ' Lê Lợi', 1,
				ST_SetSRID(ST_MakePoint(107.5 + random() * 0.2, 16.4 + random() * 0.2), 4326), 1, 'domestic', 1, i * 10
			from generate_series(1, ${customers}) i`;
		await tx`insert into meter (serial, brand, size_mm, status, customer_id, zone_id, installed_on)
			select 'M' || i, 'Itron', 15, 'in_service', i, 1, '2022-01-01' from generate_series(1, ${customers}) i`;
		await tx`insert into contract (customer_id, revision, signed_on)
			select i, 1, '2022-01-01' from generate_series(1, ${customers}) i`;
		await tx`insert into reading (period_id, customer_id, meter_id, previous_index, current_index, consumption_m3, read_at)
			select p, i, i, (p - 1) * 15, p * 15, 15, now() from generate_series(1, ${customers}) i, generate_series(1, 12) p`;
		await tx`insert into work_order (number, type, customer_id, geom)
			select 'PCT-2026-' || lpad(i::text, 6, '0'), 'leak_repair', i, ST_Point(107.6, 16.5, 4326)
			from generate_series(1, ${customers}, 50) i`;
		await restoreAfterLoad(tx, deferred);
		await tx`select map_refresh_customers(null)`;
	});
}

console.log(`bench:seed — ${customers} customers, ${customers * 12} readings`);
const floor = await timed('floor', bareSql);
console.log(`floor (bare SQL inside PostgreSQL):  ${floor.toFixed(1)} s`);
const product = await timed('seed', (db) =>
	seedDatabase(db.sql, { customers, seed: 1, bulk: 'copy' })
);
console.log(`product (npm run seed, COPY):        ${product.toFixed(1)} s`);
console.log(`ratio product / floor:               ${(product / floor).toFixed(2)}`);
// Linear extrapolation to the 1M target (the load is chunked, so time grows with rows).
console.log(
	`projected for 1,000,000 customers:   ${((product * 1_000_000) / customers / 60).toFixed(1)} min (target < 10 min)`
);
