// A separate job process: `npm run worker`. Uses the same configuration as the web process.
import { startBoss } from '../src/lib/server/jobs/boss.ts';
import { attachPublishOnly, closeRealtime } from '../src/lib/server/realtime/socket.ts';
import { bootstrap, fatal } from './bootstrap.ts';

if (!process.env.DATABASE_URL)
	fatal(
		new Error(
			'DATABASE_URL: required for a separate worker (the embedded database runs workers in the web process)'
		)
	);
const runtime = await bootstrap().catch(fatal);
// What the jobs publish (billing progress) reaches the web processes' screens.
const io = attachPublishOnly(runtime.url);
const boss = await startBoss(runtime.url, {
	work: true,
	importHeapMb: runtime.cfg.IMPORT_HEAP_MB
}).catch(fatal);
console.log('waterline worker: processing jobs');

async function stop() {
	await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
	await closeRealtime(io).catch(() => {});
	await runtime.shutdown();
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
