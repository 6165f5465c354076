/**
 * pg-boss queues of the customer import: parse an uploaded workbook, commit a previewed batch.
 * Payloads are validated before any work; neither job retries (a parse restarts clean only
 * when asked again, and a commit is claimed once).
 */
import type { PgBoss } from 'pg-boss';
import * as v from 'valibot';
import { getDb } from '../db/connection.ts';
import { commitBatch } from './commit.service.ts';
import { parseBatch } from './parse.service.ts';

export const importQueues = {
	'import-parse': v.object({ batchId: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
	'import-commit': v.object({ batchId: v.pipe(v.number(), v.integer(), v.minValue(1)) })
} as const;
export type ImportQueue = keyof typeof importQueues;

export async function registerImportWorkers(boss: PgBoss): Promise<void> {
	await boss.work<unknown>('import-parse', { pollingIntervalSeconds: 0.5 }, async ([job]) => {
		const { batchId } = v.parse(importQueues['import-parse'], job.data);
		await parseBatch(getDb(), batchId);
	});
	await boss.work<unknown>('import-commit', { pollingIntervalSeconds: 0.5 }, async ([job]) => {
		const { batchId } = v.parse(importQueues['import-commit'], job.data);
		await commitBatch(getDb(), batchId);
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
