import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrateToLatest } from './migrate.ts';
import { createScratchDb } from './test-database.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');
export const typesFile = path.join(root, 'src/lib/server/db/types.gen.ts');

/** kysely-codegen over a freshly migrated scratch database; returns the generated text. */
export async function generateTypes(options: { verify: boolean }): Promise<{ stale: boolean }> {
	const scratch = await createScratchDb('codegen');
	const out = path.join(tmpdir(), `waterline-types-${process.pid}.ts`);
	try {
		await migrateToLatest(scratch.db);
		await run(path.join(root, 'node_modules/.bin/kysely-codegen'), [
			'--dialect=postgres',
			`--url=${scratch.url}`,
			`--out-file=${options.verify ? out : typesFile}`,
			'--date-parser=string',
			// PostGIS's own tables and views are not ours to query through Kysely.
			'--exclude-pattern=(spatial_ref_sys|geography_columns|geometry_columns|kysely_*)',
			'--log-level=error'
		]);
		if (!options.verify) return { stale: false };
		const [fresh, committed] = await Promise.all([
			readFile(out, 'utf8'),
			readFile(typesFile, 'utf8').catch(() => '')
		]);
		return { stale: fresh !== committed };
	} finally {
		await rm(out, { force: true });
		await scratch.drop();
	}
}
