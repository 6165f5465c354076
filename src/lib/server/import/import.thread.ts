/**
 * Entry of the worker thread one import job runs in (see run-in-thread.ts): its own small
 * database pool on the same URL, the job, then the pool closed so the thread ends.
 */
import { workerData } from 'node:worker_threads';
import { openDb } from '../db/connection.ts';
import { commitBatch } from './commit.service.ts';
import { parseBatch } from './parse.service.ts';

const { queue, batchId, url } = workerData as {
	queue: 'import-parse' | 'import-commit';
	batchId: number;
	url: string;
};
const handle = openDb(url, { max: 2 });
try {
	await (queue === 'import-parse' ? parseBatch : commitBatch)(handle.db, batchId);
} finally {
	await handle.close();
}
