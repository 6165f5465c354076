import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDb {
	url: string;
	stop(): Promise<void>;
}

/**
 * Starts PGlite with PostGIS, persisted in `dataDir`, and serves it over the PostgreSQL wire
 * protocol on a loopback port, so postgres.js, Kysely and pg-boss connect to it unchanged.
 * Pass dataDir 'memory://' for a throwaway database.
 */
export async function startEmbeddedDb(dataDir: string, port = 0): Promise<EmbeddedDb> {
	const dir = dataDir.startsWith('memory://') ? dataDir : resolve(dataDir, 'pglite');
	if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
	const pg = await PGlite.create({
		dataDir: dir,
		extensions: { postgis, pg_trgm, unaccent }
	});
	// PGlite has one backend session shared by every socket connection, and it ignores the
	// TimeZone start-up parameter clients send: set the utility's zone once, here.
	await pg.exec(`set timezone to 'Asia/Ho_Chi_Minh'`);
	// The server answers one query at a time; connections beyond one are queued, not refused.
	const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port, maxConnections: 64 });
	await server.start();
	return {
		url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
		async stop() {
			await server.stop();
			await pg.close();
		}
	};
}
