/**
 * The NRW jobs (pg-boss):
 * - `nrw-balance` { month }: computes one month for every zone (on demand, from the NRW
 *   screen, and for each month the sweep finds out of date);
 * - `nrw-sweep`: every minute, queues `nrw-balance` for the months whose readings, volumes or
 *   settings changed since they were computed (nrw_dirty). A burst of reading saves costs one
 *   recomputation per month, a minute later at most.
 * Both queues keep one job active at a time (policy 'singleton'), and computeMonth takes a
 * per-month advisory lock, so two processes never write the same month at once.
 */
import type { PgBoss } from 'pg-boss';
import * as v from 'valibot';
import type { Database } from '../db/connection.ts';
import { getDb } from '../db/connection.ts';
import { dirtyMonths } from './balance.repository.ts';
import { checkMonth, computeMonth, type MonthSummary } from './compute.service.ts';

export const nrwBalanceQueue = 'nrw-balance';
export const nrwSweepQueue = 'nrw-sweep';
const balancePayload = v.object({ month: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-01$/)) });
const everyMinute = '* * * * *';

const bossKey = Symbol.for('waterline.boss');
const bossHere = () => (globalThis as { [bossKey]?: PgBoss })[bossKey];

/** The sweep's work: queues (or, without pg-boss in this process, runs) each dirty month. */
export async function sweep(db: Database): Promise<string[]> {
	const months = (await dirtyMonths(db)).map((d) => d.month);
	for (const month of months) await requestMonth(db, month);
	return months;
}

/**
 * Asks for a month to be computed: a job when pg-boss runs in this process, otherwise now.
 * Returns the summary when it ran here, null when it was queued.
 */
export async function requestMonth(db: Database, month: string): Promise<MonthSummary | null> {
	checkMonth(month);
	const boss = bossHere();
	if (!boss) return computeMonth(db, month);
	await boss.send(nrwBalanceQueue, { month }, { singletonKey: month, retryLimit: 3 });
	return null;
}

/** After a settings change: look for out-of-date months now rather than within the minute. */
export async function requestSweep(db: Database): Promise<void> {
	const boss = bossHere();
	if (boss) await boss.send(nrwSweepQueue, {});
	else await sweep(db);
}

export async function registerNrwJobs(boss: PgBoss): Promise<void> {
	await boss.createQueue(nrwBalanceQueue, { policy: 'stately' });
	await boss.createQueue(nrwSweepQueue, { policy: 'singleton' });
	await boss.schedule(nrwSweepQueue, everyMinute, {}, { tz: 'UTC', retryLimit: 1 });
	await boss.work<unknown>(nrwBalanceQueue, async ([job]) => {
		const { month } = v.parse(balancePayload, job.data);
		const summary = await computeMonth(getDb(), month);
		console.log(`[nrw] ${month}: ${summary.complete}/${summary.zones} zones balanced`);
		return summary;
	});
	await boss.work<unknown>(nrwSweepQueue, async () => {
		await sweep(getDb());
	});
}
