/**
 * pg-boss queues of the imports (every kind: the batch says which): parse an uploaded
 * workbook, commit a previewed batch. Payloads are validated before any work; neither job
 * retries (a parse restarts clean only when asked again, and a commit is claimed once).
 */
import type { PgBoss } from 'pg-boss';
import * as v from 'valibot';
import { getDb } from '../db/connection.ts';
import { commitBatch } from './commit.service.ts';
import { parseBatch } from './parse.service.ts';
import { runImportInThread } from './run-in-thread.ts';

export const importQueues = {
	'import-parse': v.object({ batchId: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
	'import-commit': v.object({ batchId: v.pipe(v.number(), v.integer(), v.minValue(1)) })
} as const;
export type ImportQueue = keyof typeof importQueues;

/** Each job runs in a worker thread of its own, its heap capped at heapMb (run-in-thread.ts). */
export async function registerImportWorkers(
	boss: PgBoss,
	thread: { url: string; heapMb: number }
): Promise<void> {
	for (const queue of ['import-parse', 'import-commit'] as const)
		await boss.work<unknown>(queue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
			const { batchId } = v.parse(importQueues[queue], job.data);
			await runImportInThread(getDb(), { queue, batchId, ...thread });
		});
}

const bossKey = Symbol.for('waterline.boss');

/**
 * Sends an import job through the process's pg-boss (server/index.ts starts it). Without one
 * (vite dev), the job runs in this process after the response, so the page still progresses.
 */
export async function enqueueImport(queue: ImportQueue, batchId: number): Promise<void> {
	const boss = (globalThis as { [bossKey]?: PgBoss })[bossKey];
	if (boss) {
		await boss.send(queue, { batchId }, { retryLimit: 0 });
		return;
	}
	setImmediate(() => {
		const run = queue === 'import-parse' ? parseBatch : commitBatch;
		run(getDb(), batchId).catch((error) => console.error(`[${queue}]`, error));
	});
}
