/**
 * Upkeep of the position history: a pg-boss schedule creates the day partitions ahead
 * (today..+7 UTC days) and drops the ones past TRACKING_RETENTION_DAYS.
 *
 * It runs once when workers start, so today's partition exists before the first position
 * arrives, and then hourly: a missed run (process down at the hour) is caught up by the next
 * one, and with seven days created ahead a week of outage still never sends positions to the
 * default partition. If some do land there anyway (a device with a wrong clock that passed
 * the ±24 h check, a database restored without partitions), creating that day's partition
 * moves them in (tracking.repository.ts createDayPartition), so nothing blocks.
 */
import type { PgBoss } from 'pg-boss';
import * as v from 'valibot';
import { config } from '../config.ts';
import { getDb } from '../db/connection.ts';
import { maintainPartitions } from './tracking.service.ts';

export const trackingQueue = 'tracking-partitions';
const payloadSchema = v.object({});
// Minute 7 of every hour, UTC: off the hour, when other schedules pile up.
const everyHour = '7 * * * *';

async function run(): Promise<void> {
	const report = await maintainPartitions(getDb(), config().TRACKING_RETENTION_DAYS);
	if (report.created.length || report.dropped.length || report.moved || report.deleted)
		console.log('[tracking] partitions', JSON.stringify(report));
}

export async function registerTrackingJobs(boss: PgBoss): Promise<void> {
	await boss.createQueue(trackingQueue);
	await boss.schedule(trackingQueue, everyHour, {}, { tz: 'UTC', retryLimit: 2 });
	await boss.work<unknown>(trackingQueue, async ([job]) => {
		v.parse(payloadSchema, job.data ?? {});
		await run();
	});
	// At start, directly: before the first position, and without waiting for a poll.
	await run().catch((error) => console.error('[tracking] partition upkeep failed', error));
}
