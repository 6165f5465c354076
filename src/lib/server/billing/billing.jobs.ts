/**
 * The pg-boss queue of billing: one job per route of a run ({ runId, routeId }). Jobs are
 * inserted in the transaction that creates the run, so a run exists with its jobs or not at
 * all. A worker that dies stops its heartbeat; pg-boss then retries the job (on any worker),
 * which resumes the route after its last committed batch (billing.engine.ts).
 */
import { CompiledQuery } from 'kysely';
import type { Job, JobResult, PgBoss } from 'pg-boss';
import * as v from 'valibot';
import type { Database } from '../db/connection.ts';
import { getDb } from '../db/connection.ts';
import { failRoute } from './batch.repository.ts';
import { billRoute } from './billing.engine.ts';
import { announceRun } from './billing.events.ts';

export const billingQueue = 'billing-route';
const payloadSchema = v.object({
	runId: v.pipe(v.number(), v.integer(), v.minValue(1)),
	routeId: v.pipe(v.number(), v.integer(), v.minValue(1))
});
// A job whose worker stops sending heartbeats for this long is retried elsewhere, seconds.
const HEARTBEAT_SECONDS = 10;
const RETRIES = 5;
const JOBS_PER_FETCH = 4;

/**
 * `concurrency`: route jobs at once in this process. A batch's time is mostly the database
 * writing its invoices, so 3 overlap one job's writes with another's reads on 2 cores (1M
 * customers: 161 s with 2, 136 s with 3); the embedded database serves one stream, so 1 there.
 */
export async function registerBillingWorkers(boss: PgBoss, concurrency: number): Promise<void> {
	await boss.createQueue(billingQueue, {
		heartbeatSeconds: HEARTBEAT_SECONDS,
		retryLimit: RETRIES,
		retryDelay: 1
	});
	// Each worker takes a few route jobs per fetch and keeps fetching while fetches come back
	// full (burst), so a run of thousands of small routes does not wait a poll between jobs.
	await boss.work<unknown>(
		billingQueue,
		{
			pollingIntervalSeconds: 0.5,
			localConcurrency: concurrency,
			batchSize: JOBS_PER_FETCH,
			burstWhenBatchFull: true,
			perJobResults: true
		},
		async (jobs) => {
			const results: JobResult[] = [];
			for (const job of jobs) results.push(await runJob(job));
			return results;
		}
	);
}

/** One route job; a failure fails this job alone (pg-boss retries it, resuming at the cursor). */
async function runJob(job: Job<unknown>): Promise<JobResult> {
	const { runId, routeId } = v.parse(payloadSchema, job.data);
	try {
		await billRoute(getDb(), runId, routeId);
		return { id: job.id, status: 'completed' };
	} catch (error) {
		const final = job.retryCount >= RETRIES;
		await failRoute(getDb(), runId, routeId, String(error), final).catch(() => {});
		announceRun(runId, [routeId]);
		return { id: job.id, status: 'failed', output: { message: String(error) } };
	}
}

const bossKey = Symbol.for('waterline.boss');

/**
 * Queues the route jobs inside the caller's transaction (pg-boss writes its job rows through
 * it). Without a pg-boss in this process (vite dev, some tests) the routes run here after
 * the commit, one after another.
 */
export async function enqueueRoutes(
	trx: Database,
	runId: number,
	routeIds: number[]
): Promise<() => void> {
	const boss = (globalThis as { [bossKey]?: PgBoss })[bossKey];
	if (boss) {
		const db = {
			executeSql: async (text: string, values?: unknown[]) => ({
				rows: (await trx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows as unknown[]
			})
		};
		await boss.insert(
			billingQueue,
			routeIds.map((routeId) => ({
				data: { runId, routeId },
				singletonKey: `${runId}:${routeId}`,
				retryLimit: RETRIES,
				heartbeatSeconds: HEARTBEAT_SECONDS
			})),
			{ db }
		);
		return () => {};
	}
	return () =>
		setImmediate(async () => {
			for (const routeId of routeIds)
				await billRoute(getDb(), runId, routeId).catch(async (error) => {
					console.error(`[billing] run ${runId} route ${routeId}`, error);
					await failRoute(getDb(), runId, routeId, String(error), true).catch(() => {});
					announceRun(runId, [routeId]);
				});
		});
}
