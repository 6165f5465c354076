import { PgBoss } from 'pg-boss';
import * as v from 'valibot';
import { registerBillingWorkers } from '../billing/billing.jobs.ts';
import { importQueues, registerImportWorkers } from '../import/import.jobs.ts';
import { registerNrwJobs } from '../nrw/nrw.jobs.ts';
import { registerReadingJobs } from '../readings/readings.jobs.ts';
import { registerTrackingJobs } from '../tracking/tracking.jobs.ts';

/**
 * pg-boss on the application's own database (schema pgboss). Queues are declared here with
 * their payload schemas; handlers validate the payload before doing any work.
 */
export const queues = {
	// A no-op round trip that proves the queue and a worker are alive (health checks, smoke test).
	ping: v.object({ sentAt: v.pipe(v.string(), v.isoTimestamp()) }),
	...importQueues
} as const;
export type QueueName = keyof typeof queues;

export async function startBoss(
	url: string,
	options: {
		work: boolean;
		importHeapMb: number;
		/** Route jobs billed at once by this process (default 3; 1 on the embedded database). */
		billingConcurrency?: number;
	}
): Promise<PgBoss> {
	const boss = new PgBoss({ connectionString: url, application_name: 'waterline-jobs', max: 4 });
	boss.on('error', (error) => console.error('[jobs]', error));
	await boss.start();
	for (const name of Object.keys(queues)) await boss.createQueue(name);
	if (options.work)
		await registerWorkers(
			boss,
			{ url, heapMb: options.importHeapMb },
			options.billingConcurrency ?? 3
		);
	// Lets the SvelteKit bundle (a separate module graph) send jobs through this instance.
	(globalThis as { [k: symbol]: unknown })[Symbol.for('waterline.boss')] = boss;
	return boss;
}

async function registerWorkers(
	boss: PgBoss,
	importThread: { url: string; heapMb: number },
	billingConcurrency: number
): Promise<void> {
	await boss.work<unknown, { receivedAt: string; sentAt: string }>(
		'ping',
		{ pollingIntervalSeconds: 0.5 },
		async ([job]) => {
			const data = v.parse(queues.ping, job.data);
			return { sentAt: data.sentAt, receivedAt: new Date().toISOString() };
		}
	);
	await registerImportWorkers(boss, importThread);
	await registerTrackingJobs(boss);
	await registerReadingJobs(boss);
	await registerBillingWorkers(boss, billingConcurrency);
	await registerNrwJobs(boss);
}
