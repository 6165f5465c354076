import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/lib/server/db/codegen.ts';
import { MigrationError, migrateToLatest, migrationsDir } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';

describe('migrations', () => {
	let scratch: ScratchDb;
	beforeAll(async () => {
		scratch = await createScratchDb('migrations');
	});
	afterAll(() => scratch.drop());

	it('apply every migration to an empty database, then have nothing left to do', async () => {
		const applied = await migrateToLatest(scratch.db);
		expect(applied.length).toBeGreaterThanOrEqual(2);
		expect(await migrateToLatest(scratch.db)).toEqual([]);
		const { rows } = await sql<{ n: number }>`
			select count(*)::int as n from information_schema.tables
			where table_schema = 'public' and table_name in ('customer', 'meter', 'contract', 'audit_log', 'work_order')
		`.execute(scratch.db);
		expect(rows[0].n).toBe(5);
	});

	it('generate exactly the committed Kysely types', async () => {
		const { stale } = await generateTypes({ verify: true });
		expect(stale, 'types.gen.ts is stale: run npm run db:types').toBe(false);
	});

	it('refuse a database that is ahead of the code', async () => {
		await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01T0000_future', now()::text)`.execute(
			scratch.db
		);
		await expect(migrateToLatest(scratch.db)).rejects.toThrow(/ahead of this code/);
		await sql`delete from kysely_migration where name = '2099-01-01T0000_future'`.execute(
			scratch.db
		);
	});

	it('apply nothing of a run in which one migration fails', async () => {
		const other = await createScratchDb('migrations_fail');
		// Inside the repository, so the copies resolve 'kysely' from its node_modules.
		const folder = await mkdtemp(path.join(import.meta.dirname, '.tmp-migrations-'));
		try {
			await cp(migrationsDir, folder, { recursive: true });
			// The copied migrations import their helper relatively; point them at the real one.
			const { readdir, readFile } = await import('node:fs/promises');
			for (const file of (await readdir(folder)).filter((f) => f.endsWith('.ts'))) {
				const text = await readFile(path.join(folder, file), 'utf8');
				await writeFile(
					path.join(folder, file),
					text.replace(
						'../src/lib/server/db/sql-script.ts',
						path.join(migrationsDir, '../src/lib/server/db/sql-script.ts')
					)
				);
			}
			await writeFile(
				path.join(folder, '2026-11-23T9999_broken.ts'),
				`import { sql } from 'kysely';
				export async function up(db) { await sql\`select * from no_such_table\`.execute(db); }`
			);
			await expect(migrateToLatest(other.db, folder)).rejects.toThrow(MigrationError);
			// The failure is the broken migration itself, after the good ones ran in the same transaction.
			await expect(migrateToLatest(other.db, folder)).rejects.toThrow(
				/9999_broken failed: .*no_such_table/
			);
			const { rows } = await sql<{ n: number }>`
				select count(*)::int as n from information_schema.tables
				where table_schema = 'public' and table_name = 'customer'
			`.execute(other.db);
			expect(rows[0].n).toBe(0);
		} finally {
			await rm(folder, { recursive: true, force: true });
			await other.drop();
		}
	});
});
