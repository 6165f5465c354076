// The web process: SvelteKit (adapter-node build) and socket.io on one HTTP server, plus
// pg-boss workers unless WORKERS_IN_PROCESS=0 (then run `npm run worker` alongside).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { startBoss } from '../src/lib/server/jobs/boss.ts';
import { bridgeMapChanges } from '../src/lib/server/realtime/map-bridge.ts';
import { attachRealtime, closeRealtime } from '../src/lib/server/realtime/socket.ts';
import { flushAllPositions } from '../src/lib/server/tracking/tracking.ingest.ts';
import { bootstrap, fatal } from './bootstrap.ts';
import { prepareDemo, startDemoSimulator } from './demo.ts';

const buildHandler = path.resolve(import.meta.dirname, '../build/handler.js');
if (!existsSync(buildHandler)) fatal(new Error('build/ is missing: run `npm run build` first'));

const runtime = await bootstrap().catch(fatal);
const { cfg } = runtime;
const logins =
	cfg.DEMO_CUSTOMERS !== undefined
		? await prepareDemo(runtime.handle, cfg.DEMO_CUSTOMERS, runtime.embedded !== null)
		: null;

const boss = await startBoss(runtime.url, {
	work: cfg.WORKERS_IN_PROCESS === '1',
	importHeapMb: cfg.IMPORT_HEAP_MB,
	billingConcurrency: runtime.embedded ? 1 : 3
}).catch(fatal);
// adapter-node assumes https when it has no ORIGIN; this server speaks plain HTTP, so it says
// so in a header of its own (overwriting anything a client sent). Behind a TLS proxy, set ORIGIN.
if (!cfg.ORIGIN) process.env.PROTOCOL_HEADER = 'x-waterline-proto';
// adapter-node refuses bodies over 512 kB by default. Uploads (attachments up to
// ATTACHMENT_MAX_MB, import workbooks: 100k rows are ~10–20 MB) are streamed and each endpoint
// enforces its own limit, so the adapter's cap only has to sit above the largest of them.
const largestUploadMb = Math.max(cfg.ATTACHMENT_MAX_MB, 100);
process.env.BODY_SIZE_LIMIT ??= String((largestUploadMb + 1) * 1024 * 1024);
const { handler } = (await import(buildHandler)) as {
	handler: (req: unknown, res: unknown, next?: () => void) => void;
};

const server = createServer((req, res) => {
	if (!cfg.ORIGIN) req.headers['x-waterline-proto'] = 'http';
	handler(req, res);
});
// With a PostgreSQL server, events cross app processes through it (several processes behind a
// load balancer: see README). The embedded database serves this process alone.
const io = attachRealtime(server, runtime.db, {
	clusterDatabaseUrl: runtime.embedded ? undefined : runtime.url
});
const mapFeed = await bridgeMapChanges(runtime.handle.sql);
let simulator: ReturnType<typeof startDemoSimulator> | null = null;
server.listen(cfg.PORT, cfg.HOST, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : cfg.PORT;
	console.log(`\nWaterline is running at http://${cfg.HOST}:${port}`);
	if (logins) console.log(`\nDemo logins (username  password  role):\n${logins}\n`);
	// The demo's virtual field staff connect to this server like any device.
	const host = cfg.HOST === '0.0.0.0' || cfg.HOST === '::' ? '127.0.0.1' : cfg.HOST;
	if (logins && cfg.SIM_STAFF)
		simulator = startDemoSimulator(runtime.db, `http://${host}:${port}`, cfg.SIM_STAFF);
});

let stopping = false;
async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`waterline: ${signal}, shutting down`);
	await simulator?.stop().catch(() => {});
	// Buffered positions are written and acknowledged while sockets are still open; a batch
	// arriving after this gets no ack, so its device sends it again to the next process.
	await flushAllPositions();
	await closeRealtime(io).catch(() => {});
	await mapFeed.close().catch(() => {});
	await boss.stop({ graceful: true, timeout: 5_000 }).catch(() => {});
	await runtime.shutdown();
	process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
