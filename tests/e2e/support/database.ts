import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * The e2e server's database (scripts/e2e-server.ts writes its URL beside the port), for tests
 * that set up or check data behind the app's back. Close it with `end()`.
 */
export function appDatabase(baseURL: string | undefined): postgres.Sql {
	const port = new URL(baseURL!).port;
	return postgres(readFileSync(path.join(tmpdir(), `waterline-e2e-${port}.url`), 'utf8'), {
		max: 1,
		onnotice: () => {}
	});
}
