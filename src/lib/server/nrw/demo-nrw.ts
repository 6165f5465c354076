import type { Database } from '../db/connection.ts';
import { anyBalanceStored } from './balance.repository.ts';
import { computeDirty, markAllMonths } from './compute.service.ts';

/**
 * The demo's water balances: when none is stored yet (right after seeding, whose bulk load
 * bypasses the out-of-date triggers, or on a database made before NRW existed), every month
 * is computed before the console opens. Returns the months computed, 0 when there were some.
 */
export async function prepareDemoBalances(db: Database): Promise<number> {
	if (await anyBalanceStored(db)) return 0;
	await markAllMonths(db);
	return (await computeDirty(db)).length;
}
