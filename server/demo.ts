import { countCustomers, seedUtility } from '../src/lib/server/seed/seed.service.ts';
import { createDemoUsers, demoLoginsText } from '../src/lib/server/admin/demo-users.ts';
import type { Database } from '../src/lib/server/db/connection.ts';

/**
 * `npm run demo`: on an empty database, generates the demo utility (seed 1) and one user per
 * role; on later starts, reuses what is there. Returns the logins to print.
 */
export async function prepareDemo(
	db: Database,
	url: string,
	customers: number,
	embedded: boolean
): Promise<string> {
	if ((await countCustomers(db)) === 0) {
		const started = Date.now();
		console.log(`waterline: generating the demo utility (${customers} customers)…`);
		await seedUtility(db, url, { customers, seed: 1, bulk: embedded ? 'insert' : 'copy' });
		console.log(`waterline: demo utility ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	await createDemoUsers(db);
	return demoLoginsText();
}
