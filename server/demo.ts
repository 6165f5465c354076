import {
	createDemoUsers,
	demoLoginsText,
	hasDemoUsers
} from '../src/lib/server/admin/demo-users.ts';
import { countStaff, findStaffIdByUsername } from '../src/lib/server/admin/admin.repository.ts';
import { billDemoHistory } from '../src/lib/server/billing/demo-billing.ts';
import { prepareDemoBalances } from '../src/lib/server/nrw/demo-nrw.ts';
import { countCustomers } from '../src/lib/server/customers/customers.repository.ts';
import type { DbHandle } from '../src/lib/server/db/connection.ts';
import { rollOverAsSystem } from '../src/lib/server/readings/periods.service.ts';
import { seedDatabase } from '../src/lib/server/seed/seed.ts';
import { giveDemoSkills } from '../src/lib/server/work-orders/work-orders.repository.ts';
import { startCrew } from '../scripts/sim/crew.ts';

/**
 * `npm run demo`: on an empty database, generates the demo utility (seed 1) and one user per
 * role; on later starts, reuses what is there. Demo users (with their shared, printed
 * password) are only created on a database without any staff, never next to real accounts.
 * Returns the logins to print, or null when there are none.
 */
export async function prepareDemo(
	handle: DbHandle,
	customers: number,
	embedded: boolean
): Promise<string | null> {
	const seeded = (await countCustomers(handle.db)) === 0;
	if (seeded) {
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
	// Only into a database nobody uses yet: no staff at all.
	if ((await countStaff(handle.db)) === 0) await createDemoUsers(handle.db);
	// The seed's last month (fully read) closes and the next one opens with its schedule
	// (readers come from the demo users' routes), so the reading screens start on a month
	// with nothing read yet. Only right after seeding: later starts keep their periods.
	if (seeded) {
		const period = await rollOverAsSystem(handle.db);
		console.log(`waterline: reading period ${period.period_month.slice(0, 7)} is open`);
		const adminId = await findStaffIdByUsername(handle.db, 'admin');
		const billed = adminId === null ? null : await billDemoHistory(handle.db, { id: adminId });
		if (billed)
			console.log(`waterline: ${billed.invoices} invoices of ${billed.month.slice(0, 7)} issued`);
	}
	// Water balances of every month, once (also for a demo database made before NRW existed).
	const balanced = await prepareDemoBalances(handle.db);
	if (balanced) console.log(`waterline: water balance of ${balanced} months computed`);
	// Field staff (demo logins, simulated crews from earlier runs) get skills for suggestions.
	if (await hasDemoUsers(handle.db)) await giveDemoSkills(handle.db);
	return (await hasDemoUsers(handle.db)) ? demoLoginsText() : null;
}

/**
 * `npm run demo` (SIM_STAFF): virtual field staff (sim-0001…) walking their routes in this
 * process, through the server's own socket.io and JSON API, so supervisors see movement at
 * once and dispatchers can watch an order they assign being carried out. A failure to start
 * is reported and the console runs on without them.
 */
export function startDemoSimulator(db: DbHandle['db'], origin: string, staff: number) {
	const crew = startCrew(db, { origin, staff, intervalS: 5, speedKmh: 4, workScale: 0.1 }).catch(
		(error: Error) => {
			console.error(`waterline: the field simulator did not start: ${error.message}`);
			return null;
		}
	);
	return {
		async stop() {
			await (await crew)?.stop();
		}
	};
}
