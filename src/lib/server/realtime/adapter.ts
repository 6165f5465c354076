import { randomBytes } from 'node:crypto';
import { createAdapter, type PostgresAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';

/** The table migration 0010 creates for events too large for a NOTIFY payload. */
export const attachmentsTable = 'socket_io_attachments';

export interface ClusterAdapter {
	factory: (nsp: unknown) => PostgresAdapter;
	/** Ends the adapter's connection pool; call after the socket.io server is closed. */
	close(): Promise<void>;
}

/**
 * Broadcasts between app processes through PostgreSQL LISTEN/NOTIFY
 * (@socket.io/postgres-adapter): an event published in one process reaches the sockets of
 * every process, and so do `disconnectSockets` and `fetchSockets`. No extra service: the
 * processes already share the database.
 *
 * Connection state recovery: the postgres adapter does not support it (its README lists it as
 * "NO"; it hands socket.io an empty offset, so no session is ever restored). Recovery is kept
 * per process instead (withProcessRecovery below): every process sees every broadcast, so it
 * can replay what a socket missed when that socket comes back to the same process within the
 * window. A socket that reconnects to another process, or after the window, is not recovered
 * (`socket.recovered` is false on the client) and the client reloads its state (onResync in
 * src/lib/realtime/socket-client.ts).
 */
export function postgresAdapter(databaseUrl: string, maxDisconnectionMs: number): ClusterAdapter {
	// One connection holds the LISTEN, the others send NOTIFYs and the cleanup query.
	const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
	pool.on('error', (error) => console.error(`waterline realtime: ${error.message}`));
	const base = createAdapter(pool, {
		tableName: attachmentsTable,
		errorHandler: (error) => console.error(`waterline realtime: ${error.message}`)
	});
	return {
		// socket.io calls the adapter with `new`, so a function rather than an arrow; what it
		// returns becomes the instance.
		factory: function (nsp: unknown) {
			return withProcessRecovery(base(nsp), maxDisconnectionMs);
		},
		close: () => pool.end()
	};
}

// The parts of socket.io-adapter's types used here (it is a dependency of socket.io).
interface BroadcastOptions {
	rooms: Set<string>;
	except?: Set<string>;
	flags?: { volatile?: boolean; local?: boolean };
}
interface Packet {
	type: number;
	id?: number;
	data: unknown[];
}
interface SessionToPersist {
	sid: string;
	pid: string;
	rooms: string[];
	data: unknown;
}
interface Internals {
	addOffsetIfNecessary(packet: Packet, opts: BroadcastOptions, offset: string): void;
	broadcast(packet: Packet, opts: BroadcastOptions): Promise<void>;
	persistSession(session: SessionToPersist): void;
	restoreSession(
		pid: string,
		offset: string
	): Promise<(SessionToPersist & { missedPackets: unknown[][] }) | null>;
	close(): Promise<void> | void;
}

const eventPacket = 2;

/**
 * Gives a cluster adapter socket.io's in-memory session recovery (the same bookkeeping as
 * socket.io-adapter's SessionAwareAdapter): each event broadcast in this process, its own or
 * relayed from another process, gets a local offset and is kept for the recovery window. The
 * ClusterAdapter calls `addOffsetIfNecessary` on both paths; local-only broadcasts
 * (io.local) skip it, so `broadcast` records those.
 */
function withProcessRecovery(adapter: PostgresAdapter, windowMs: number): PostgresAdapter {
	const self = adapter as unknown as Internals;
	const sessions = new Map<string, SessionToPersist & { disconnectedAt: number }>();
	const packets: { id: string; opts: BroadcastOptions; data: unknown[]; emittedAt: number }[] = [];
	const prefix = randomBytes(4).toString('hex');
	let sequence = 0;

	function record(packet: Packet, opts: BroadcastOptions) {
		// Acknowledged and volatile packets are not replayed (socket.io's own rule).
		if (packet.type !== eventPacket || packet.id !== undefined || opts.flags?.volatile) return;
		const id = `${prefix}-${++sequence}`;
		// The client reads the offset from the event's last argument.
		packet.data.push(id);
		packets.push({ id, opts, data: packet.data, emittedAt: Date.now() });
	}

	self.addOffsetIfNecessary = (packet, opts) => record(packet, opts);
	const broadcast = self.broadcast.bind(adapter);
	self.broadcast = (packet, opts) => {
		if (opts.flags?.local) record(packet, opts);
		return broadcast(packet, opts);
	};
	self.persistSession = (session) => {
		sessions.set(session.pid, { ...session, disconnectedAt: Date.now() });
	};
	self.restoreSession = (pid, offset) => {
		const session = sessions.get(pid);
		sessions.delete(pid);
		if (!session || session.disconnectedAt + windowMs < Date.now()) return Promise.resolve(null);
		const index = packets.findIndex((p) => p.id === offset);
		if (index === -1) return Promise.resolve(null);
		const missedPackets = packets
			.slice(index + 1)
			.filter(({ opts }) => reaches(session.rooms, opts))
			.map((p) => p.data);
		const { disconnectedAt: _, ...rest } = session;
		return Promise.resolve({ ...rest, missedPackets });
	};

	// Forget sessions and packets older than the window, once a minute.
	const timer = setInterval(() => {
		const threshold = Date.now() - windowMs;
		for (const [pid, session] of sessions)
			if (session.disconnectedAt < threshold) sessions.delete(pid);
		const expired = packets.findLastIndex((p) => p.emittedAt < threshold);
		if (expired >= 0) packets.splice(0, expired + 1);
	}, 60_000);
	timer.unref();
	const close = self.close.bind(adapter);
	self.close = () => {
		clearInterval(timer);
		return close();
	};
	return adapter;
}

function reaches(sessionRooms: string[], opts: BroadcastOptions): boolean {
	const included = opts.rooms.size === 0 || sessionRooms.some((room) => opts.rooms.has(room));
	return included && sessionRooms.every((room) => !opts.except?.has(room));
}
