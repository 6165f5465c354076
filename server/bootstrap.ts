import { ConfigError, config, type Config } from '../src/lib/server/config.ts';
import { ensureRoles } from '../src/lib/server/admin/admin.repository.ts';
import { closeDb, getDbHandle, type DbHandle } from '../src/lib/server/db/connection.ts';
import { startEmbeddedDb, type EmbeddedDb } from '../src/lib/server/db/embedded.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';

export interface Runtime {
	cfg: Config;
	db: DbHandle['db'];
	handle: DbHandle;
	url: string;
	embedded: EmbeddedDb | null;
	shutdown(): Promise<void>;
}

/** Fails fast with the message alone (no stack): config and migration errors are for people. */
export function fatal(error: unknown): never {
	console.error(
		error instanceof ConfigError ? error.message : `waterline: ${(error as Error).message}`
	);
	process.exit(1);
}

/**
 * Shared start-up of the web and worker processes: validated config, the database (embedded
 * PGlite + PostGIS when DATABASE_URL is unset), migrations, and reference data.
 */
export async function bootstrap(): Promise<Runtime> {
	const cfg = config();
	let embedded: EmbeddedDb | null = null;
	if (!cfg.DATABASE_URL) {
		embedded = await startEmbeddedDb(cfg.DATA_DIR);
		// The SvelteKit bundle opens its pool from here (see db/connection.ts).
		process.env.DATABASE_URL = embedded.url;
		console.log(`waterline: embedded PostgreSQL (PGlite + PostGIS) in ${cfg.DATA_DIR}/pglite`);
	}
	const url = process.env.DATABASE_URL as string;
	const handle = getDbHandle();
	const db = handle.db;
	const applied = await migrateToLatest(db);
	if (applied.length) console.log(`waterline: applied migrations ${applied.join(', ')}`);
	await ensureRoles(db);
	return {
		cfg,
		db,
		handle,
		url,
		embedded,
		async shutdown() {
			await closeDb();
			await embedded?.stop();
		}
	};
}
