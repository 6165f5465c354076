/**
 * Runs an import job in a worker thread with a capped V8 heap. Parsing and committing 100k rows
 * makes hundreds of MB of short-lived garbage; in its own thread that garbage is collected
 * within the cap, and the web process's event loop (HTTP, socket.io) stays free meanwhile.
 * A thread that dies (out of memory, a crash) leaves the batch in a state the user can act on.
 */
import { Worker } from 'node:worker_threads';
import type { Database } from '../db/connection.ts';
import { announceCommit } from './commit.service.ts';
import { findBatch, moveBatch, type BatchStatus } from './import.repository.ts';
import type { ImportQueue } from './import.jobs.ts';

export async function runImportInThread(
	db: Database,
	job: { queue: ImportQueue; batchId: number; url: string; heapMb: number }
): Promise<void> {
	const { queue, batchId, url, heapMb } = job;
	const failure = await new Promise<Error | null>((resolve) => {
		const worker = new Worker(new URL('./import.thread.ts', import.meta.url), {
			workerData: { queue, batchId, url },
			// The thread loads the job's TypeScript through tsx, as the server does: Node's own
			// type stripping refuses some of it (parameter properties), e.g. under vitest.
			execArgv: withTsx(process.execArgv),
			// The young generation sized down from V8's default for this heap (a few 16 MB
			// semi-spaces): parsing makes many short-lived strings, and a small nursery keeps
			// RSS down (100k rows: 425 → 316 MB peak for the whole process) at more frequent
			// but cheap scavenges.
			resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 }
		});
		let error: Error | null = null;
		worker.on('error', (e) => (error = e));
		worker.on('exit', (code) =>
			resolve(error ?? (code === 0 ? null : new Error(`exit code ${code}`)))
		);
	});
	if (failure) await settleAbandoned(db, job, failure);
	else if (queue === 'import-commit') await announceCommit(db, batchId);
}

function withTsx(argv: string[]): string[] {
	const loaded = argv.some(
		(a, i) => /(^|=)tsx$/.test(a) || (a === '--import' && argv[i + 1] === 'tsx')
	);
	return loaded ? argv : [...argv, '--import', 'tsx'];
}

/**
 * The thread stopped mid-job. A parse leaves nothing to keep. A commit's transaction sets
 * progress 90 before it commits, so progress ≥ 90 means the rows were written and only the
 * rejects workbook is missing; below that the transaction died with the thread's connection.
 */
async function settleAbandoned(
	db: Database,
	job: { queue: ImportQueue; batchId: number },
	failure: Error
): Promise<void> {
	const batch = await findBatch(db, job.batchId);
	const reason = `tiến trình nhập dừng giữa chừng (${failure.message})`;
	const settle = (from: BatchStatus, to: BatchStatus, message: string) =>
		moveBatch(db, job.batchId, [from], to, {
			message,
			finished: true,
			...(to === 'committed' ? { progress: 100 } : {})
		});
	let settled = false;
	// A parse may die before it claimed the batch (still 'uploaded').
	if (job.queue === 'import-parse' && (batch?.status === 'uploaded' || batch?.status === 'parsing'))
		settled = await settle(batch.status, 'failed', `Không đọc được tệp: ${reason}`);
	else if (batch?.status === 'committing' && batch.progress >= 90)
		settled = await settle(
			'committing',
			'committed',
			`Đã ghi các dòng hợp lệ; không tạo được tệp dòng lỗi: ${reason}`
		);
	else if (batch?.status === 'committing')
		settled = await settle(
			'committing',
			'failed',
			`Không ghi được, chưa có dòng nào được nhập: ${reason}`
		);
	if (settled) console.error(`[${job.queue}] batch ${job.batchId}:`, failure);
}
