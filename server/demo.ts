import { createDemoUsers, demoLoginsText } from '../src/lib/server/admin/demo-users.ts';
import { countCustomers } from '../src/lib/server/customers/customers.repository.ts';
import type { DbHandle } from '../src/lib/server/db/connection.ts';
import { seedDatabase } from '../src/lib/server/seed/seed.ts';

/**
 * `npm run demo`: on an empty database, generates the demo utility (seed 1) and one user per
 * role; on later starts, reuses what is there. Returns the logins to print.
 */
export async function prepareDemo(
	handle: DbHandle,
	customers: number,
	embedded: boolean
): Promise<string> {
	if ((await countCustomers(handle.db)) === 0) {
		const started = Date.now();
		console.log(`waterline: generating the demo utility (${customers} customers)…`);
		// COPY breaks the embedded socket's protocol handling, so it gets batched INSERTs.
		await seedDatabase(handle.sql, {
			customers,
			seed: 1,
			reset: false,
			bulk: embedded ? 'insert' : 'copy'
		});
		console.log(`waterline: demo utility ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	await createDemoUsers(handle.db);
	return demoLoginsText();
}
