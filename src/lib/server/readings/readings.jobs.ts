/**
 * Auto-lock: a pg-boss schedule locks each closed period once reading_rules.auto_lock_days
 * have passed since it closed, unless readings still wait for review (then it stays closed
 * and the log says why; the next run tries again). Hourly, so a missed run (process down) is
 * caught up an hour later at most; locking is idempotent (only closed periods are locked).
 */
import type { PgBoss } from 'pg-boss';
import * as v from 'valibot';
import type { Database } from '../db/connection.ts';
import { getDb } from '../db/connection.ts';
import { autoLockDuePeriods, type AutoLockReport } from './periods.service.ts';

export const autoLockQueue = 'readings-auto-lock';
const payloadSchema = v.object({});
// Minute 17 of every hour, UTC: off the hour and off the tracking upkeep (minute 7).
const everyHour = '17 * * * *';

/** The job's work, callable directly (tests, the first run at start). */
export async function runAutoLock(db: Database, now = new Date()): Promise<AutoLockReport> {
	const report = await autoLockDuePeriods(db, now);
	for (const p of report.locked) console.log(`[readings] auto-locked period ${p.month} (${p.id})`);
	for (const p of report.kept)
		console.log(`[readings] period ${p.month} (${p.id}) stays closed: ${p.reason}`);
	return report;
}

export async function registerReadingJobs(boss: PgBoss): Promise<void> {
	await boss.createQueue(autoLockQueue);
	await boss.schedule(autoLockQueue, everyHour, {}, { tz: 'UTC', retryLimit: 2 });
	await boss.work<unknown>(autoLockQueue, async ([job]) => {
		v.parse(payloadSchema, job.data ?? {});
		await runAutoLock(getDb());
	});
}
