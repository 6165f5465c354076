// `npm run bench:import -- [--rows N]` (default 100,000).
// Product: a workbook of N customer rows (meter and contract on each, a few bad rows) from the
// synthetic utility, imported end to end (upload streamed to STORAGE_DIR, parse job, commit
// job through pg-boss) on a fresh scratch database seeded with a small register (wards,
// routes), in a child process whose wall time and peak RSS are measured. The jobs run as the
// app runs them: each in a worker thread with its heap capped at IMPORT_HEAP_MB.
// Floor, same run, same database: COPY of the same valid rows as CSV into customer, meter and
// contract in one transaction. Prints both, the ratio, and PASS/MISS for ≤ 60 s, < 400 MB.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ensureRoles } from '../src/lib/server/admin/admin.repository.ts';
import { parseConfig } from '../src/lib/server/config.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { createScratchDb } from '../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../src/lib/server/seed/seed.ts';
import { intFlag, parseFlags, runMain } from './bench/args.ts';
import { writeBenchWorkbook } from './bench/import-workbook.ts';
import { fmt, heading, printTable, ratio, target } from './bench/stats.ts';

const usage = 'npm run bench:import -- [--rows N] [--heap-mb N]';

runMain(async () => {
	const flags = parseFlags(
		{ rows: { type: 'string', default: '100000' }, 'heap-mb': { type: 'string' } },
		usage
	);
	const rows = intFlag('rows', flags.rows, 100, 1_000_000);
	// The import threads' heap cap (IMPORT_HEAP_MB); without the flag, the product's default.
	const heapMb =
		flags['heap-mb'] === undefined ? null : intFlag('heap-mb', flags['heap-mb'], 64, 4096);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'wl-bench-import-'));
	const scratch = await createScratchDb('bench_import');
	try {
		heading(
			`bench:import: ${rows.toLocaleString('en')} rows, import threads' heap capped at ` +
				`${heapMb ?? parseConfig(process.env).IMPORT_HEAP_MB} MB (IMPORT_HEAP_MB)`
		);
		await migrateToLatest(scratch.db);
		await ensureRoles(scratch.db);
		await seedDatabase(scratch.sql, { customers: 2000, seed: 1, bulk: 'copy' });
		const [staff] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('bench', 'Bench', 'admin', 'x') returning id`;
		const wards = await scratch.sql<{ id: number; code: string }[]>`select id, code from ward`;
		const routes = await scratch.sql<
			{ id: number; code: string }[]
		>`select id, code from route order by id`;
		const points = await scratch.sql<{ lon: number; lat: number; ward_id: number }[]>`
			select ST_X(geom) as lon, ST_Y(geom) as lat, ward_id from customer order by id`;
		const file = path.join(dir, 'bench.xlsx');
		const t0 = performance.now();
		const { bad, floor } = await writeBenchWorkbook(
			file,
			rows,
			{ wards, routes, points: points.map((p) => [p.lon, p.lat, p.ward_id]) },
			10_000_000
		);
		const mb = (await stat(file)).size / 1048576;
		console.log(
			`  workbook: ${fmt(mb)} MB, ${bad} bad rows, written in ${fmt((performance.now() - t0) / 1000)} s (not timed)`
		);

		// Product, in a child process (its own peak RSS).
		const out = execFileSync(
			process.execPath,
			[
				'--import',
				'tsx',
				path.join(import.meta.dirname, 'bench/import-run.ts'),
				scratch.url,
				file,
				String(staff.id)
			],
			{
				env: {
					...process.env,
					STORAGE_DIR: path.join(dir, 'storage'),
					...(heapMb ? { IMPORT_HEAP_MB: String(heapMb) } : {})
				},
				encoding: 'utf8',
				maxBuffer: 1 << 24
			}
		);
		const product = JSON.parse(out.trim().split('\n').at(-1)!) as {
			status: string;
			message: string;
			rows: number;
			created: number;
			errors: number;
			rejects: boolean;
			uploadS: number;
			parseS: number;
			commitS: number;
			totalS: number;
			peakRssMb: number;
			rejected: { row: number; errors: unknown }[];
		};
		if (product.status !== 'committed')
			throw new Error(`import ${product.status}: ${product.message}`);

		// Floor: the same valid rows as CSV, COPY into the same tables, one transaction.
		const f0 = performance.now();
		await scratch.sql.begin(async (tx) => {
			const copy = async (statement: string, lines: string[]) => {
				const target = await tx.unsafe(statement).writable();
				await pipeline(Readable.from(lines.map((l) => l + '\n')), target);
			};
			await copy(
				`copy customer (id, name, kind, tax_or_id_number, address, ward_id, geom, phone, email,
					payment_method, bank_account, bank_name, category, households, persons, route_id,
					route_seq) from stdin (format csv)`,
				floor.customers
			);
			await copy(
				`copy meter (serial, brand, size_mm, status, customer_id, zone_id, installed_on,
					initial_index) from stdin (format csv)`,
				floor.meters
			);
			await copy(
				`copy contract (customer_id, revision, number, signed_on, handover_on, installed_on,
					installation_team) from stdin (format csv)`,
				floor.contracts
			);
		});
		const floorS = (performance.now() - f0) / 1000;

		heading('results');
		printTable([
			['', 'rows', 'seconds', 'peak RSS MB'],
			[
				'product: upload + parse + commit',
				String(product.rows),
				fmt(product.totalS, 2),
				fmt(product.peakRssMb, 0)
			],
			['  upload (stream to disk)', '', fmt(product.uploadS, 2), ''],
			['  parse job (read, check, store)', '', fmt(product.parseS, 2), ''],
			['  commit job (+ rejects workbook)', '', fmt(product.commitS, 2), ''],
			[
				'floor: COPY CSV (customer, meter, contract)',
				String(floor.customers.length),
				fmt(floorS, 2),
				''
			],
			['ratio product / floor', '', ratio(product.totalS, floorS), '']
		]);
		console.log(
			`  created ${product.created}, errors ${product.errors} (expected ${bad}), rejects workbook: ${product.rejects ? 'yes' : 'no'}`
		);
		for (const r of product.rejected)
			console.log(`    rejected row ${r.row}: ${JSON.stringify(r.errors)}`);
		target('end to end', product.totalS <= 60, `${fmt(product.totalS, 1)} s`, '≤ 60 s');
		target('peak RSS', product.peakRssMb < 400, `${fmt(product.peakRssMb, 0)} MB`, '< 400 MB');
	} finally {
		await scratch.drop();
		await rm(dir, { recursive: true, force: true });
	}
});
