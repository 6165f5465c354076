// One app process's realtime side for tests/db/scale-out.test.ts: socket.io on its own port
// with the postgres adapter over the scratch database, the map bridge, and the real publish().
// With REALTIME_MODE=publish-only it is a worker process instead (server/worker.ts).
// The test drives it over IPC: { publish: {rooms, event} } and { serverCount: true }, each
// answered with { reply: id }. Run with `node --import tsx`, DATABASE_URL set.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDb } from '../../../src/lib/server/db/connection.ts';
import { bridgeMapChanges } from '../../../src/lib/server/realtime/map-bridge.ts';
import { publish, type RealtimeEvent } from '../../../src/lib/server/realtime/publish.ts';
import { attachPublishOnly, attachRealtime } from '../../../src/lib/server/realtime/socket.ts';

interface Request {
	id: number;
	publish?: { rooms: string[]; event: RealtimeEvent };
	serverCount?: true;
}

const url = process.env.DATABASE_URL as string;
// REALTIME_MODE=publish-only: a separate worker process (no HTTP, no sockets of its own).
const publishOnly = process.env.REALTIME_MODE === 'publish-only';
const handle = openDb(url, { max: 4 });
const server = createServer();
const io = publishOnly
	? attachPublishOnly(url)
	: attachRealtime(server, handle.db, { clusterDatabaseUrl: url });
if (!publishOnly) await bridgeMapChanges(handle.sql);
if (!publishOnly) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

process.on('message', async (request: Request) => {
	if (request.publish) publish(request.publish.rooms, request.publish.event);
	const serverCount = request.serverCount ? await io.of('/').adapter.serverCount() : undefined;
	process.send!({ reply: request.id, serverCount });
});
process.send!({ ready: publishOnly ? -1 : (server.address() as AddressInfo).port });
