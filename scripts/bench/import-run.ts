// bench:import's product run, in a process of its own so its peak memory is the import's
// alone: upload (the service streams the file to STORAGE_DIR), the parse job, the commit job,
// both through pg-boss workers as the app runs them. Prints one JSON line.
// usage: node --import tsx scripts/bench/import-run.ts <database url> <workbook> <staff id>
import { createReadStream, readFileSync } from 'node:fs';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { closeDb, getDb } from '../../src/lib/server/db/connection.ts';
import { findBatch, pageRows } from '../../src/lib/server/import/import.repository.ts';
import { requestCommit, startImport } from '../../src/lib/server/import/import.service.ts';
import { startBoss } from '../../src/lib/server/jobs/boss.ts';

const [url, file, staff] = process.argv.slice(2);
process.env.DATABASE_URL = url;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
const boss = await startBoss(url, {
	work: true,
	importHeapMb: parseConfig(process.env).IMPORT_HEAP_MB
});
const db = getDb();
const user = {
	id: Number(staff),
	username: 'bench',
	fullName: 'bench',
	role: 'admin' as const,
	permissions: defaultPermissions('admin'),
	routeIds: null
};

async function until(batchId: number, statuses: string[]) {
	for (;;) {
		const b = await findBatch(db, batchId);
		if (b && statuses.includes(b.status)) return b;
		await new Promise((r) => setTimeout(r, 100));
	}
}

const started = performance.now();
const upload = await startImport(db, user, createReadStream(file), 'bench.xlsx');
if (!upload.ok) throw new Error(upload.message);
const uploaded = performance.now();
const previewed = await until(upload.value.batchId, ['previewed', 'failed']);
const parsed = performance.now();
if (previewed.status === 'failed') throw new Error(previewed.message ?? 'parse failed');
const commit = await requestCommit(db, user, upload.value.batchId);
if (!commit.ok) throw new Error(commit.message);
const done = await until(upload.value.batchId, ['committed', 'failed']);
const finished = performance.now();
clearInterval(sampler);
// The rejected rows' reasons, so the bench can tell planted errors from unexpected ones.
const rejected = await pageRows(db, upload.value.batchId, {
	offset: 0,
	limit: 20,
	action: 'error'
});
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(
	JSON.stringify({
		status: done.status,
		message: done.message,
		rows: done.totalRows,
		created: done.createRows,
		errors: done.errorRows,
		rejects: done.rejectsStorageKey !== null,
		uploadS: (uploaded - started) / 1000,
		parseS: (parsed - uploaded) / 1000,
		commitS: (finished - parsed) / 1000,
		totalS: (finished - started) / 1000,
		peakRssMb: Math.max(peak, hwm ? Number(hwm[1]) * 1024 : 0) / 1048576,
		rejected: rejected.map((r) => ({ row: r.rowNo, errors: r.errors }))
	})
);
await boss.stop({ graceful: false });
await closeDb();
process.exit(0);
