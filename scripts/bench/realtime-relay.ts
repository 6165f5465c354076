// The floor of `npm run bench:realtime`: a bare socket.io relay, run as its own process
// (`node --import tsx scripts/bench/realtime-relay.ts`, prints the URL it listens at). It
// accepts the product's 'position:batch' and 'duty:set' events and does the product's
// server-side batching (tracking.ingest.ts: the first position of an empty buffer starts a
// flushMs timer; the flush acknowledges its batches and sends one 'staff:positions'
// {positions: [{staffId, lon, lat, at}]} to the watchers' room) — without a session check,
// validation, database or cluster adapter. A client says who it is in its handshake:
// auth {watch: true} for a supervisor, auth {staffId} for a device.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { flushMs } from '../../src/lib/server/tracking/tracking.ingest.ts';

interface Position {
	staffId: number;
	lon: number;
	lat: number;
	at: string;
}

const watchRoom = 'watch';
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, transports: ['websocket'] });

let buffer: Position[] = [];
let acks: (() => void)[] = [];
let timer: NodeJS.Timeout | null = null;

function flush(): void {
	timer = null;
	const positions = buffer;
	const waiting = acks;
	buffer = [];
	acks = [];
	for (const ack of waiting) ack();
	io.to(watchRoom).emit('staff:positions', { positions });
}

io.on('connection', (socket) => {
	const auth = socket.handshake.auth as { watch?: boolean; staffId?: number };
	if (auth.watch) void socket.join(watchRoom);
	const staffId = Number(auth.staffId ?? 0);
	socket.on('duty:set', (payload: { onDuty?: boolean }, ack?: (r: unknown) => void) =>
		ack?.({ ok: true, onDuty: Boolean(payload?.onDuty) })
	);
	socket.on(
		'position:batch',
		(payload: { positions?: Omit<Position, 'staffId'>[] }, ack?: (r: unknown) => void) => {
			const positions = Array.isArray(payload?.positions) ? payload.positions : [];
			for (const p of positions) buffer.push({ staffId, lon: p.lon, lat: p.lat, at: p.at });
			acks.push(() => ack?.({ ok: true, accepted: positions.length }));
			timer ??= setTimeout(flush, flushMs);
		}
	);
});

httpServer.listen(0, '127.0.0.1', () => {
	const { port } = httpServer.address() as AddressInfo;
	console.log(`relay listening at http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
