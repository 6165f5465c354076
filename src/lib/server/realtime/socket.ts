import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { can, modules } from '../../domain/access/permissions.ts';
import { sessionCookieName, sessionIdOf, userForToken } from '../auth/auth.service.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { postgresAdapter, type ClusterAdapter } from './adapter.ts';
import { setRealtimeServer } from './publish.ts';
import { registerTrackingHandlers } from '../tracking/tracking.socket.ts';

export function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name)
			return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return undefined;
}

/**
 * Rooms a user joins: their role, themselves, each route they are scoped to, and, when not
 * route-scoped, `watch:<module>` for every module they may open (events everyone watching a
 * module's screens needs, e.g. every work order's change for dispatchers). Route-scoped staff
 * get only what concerns their routes and themselves.
 */
export function roomsFor(user: SessionUser): string[] {
	const watch =
		user.routeIds === null
			? modules.filter((m) => can(user.permissions, m)).map((m) => `watch:${m}`)
			: [];
	return [
		`role:${user.role}`,
		`staff:${user.id}`,
		...(user.routeIds ?? []).map((id) => `route:${id}`),
		...watch
	];
}

// A short disconnect (up to 2 minutes) replays missed events instead of losing them.
const recoveryWindowMs = 120_000;
const adapters = new WeakMap<Server, ClusterAdapter>();

export interface RealtimeOptions {
	/**
	 * The PostgreSQL server shared by every app process: events then cross processes through
	 * @socket.io/postgres-adapter. Unset (the embedded PGlite database, which serves one
	 * process and may not relay NOTIFY): the in-memory adapter, one process only.
	 */
	clusterDatabaseUrl?: string;
}

/**
 * Attaches socket.io to the HTTP server. The handshake is checked like any request: the
 * session cookie must name a live session, or the connection is refused.
 */
export function attachRealtime(
	httpServer: HttpServer,
	db: Database,
	options: RealtimeOptions = {}
): Server {
	const cluster = options.clusterDatabaseUrl
		? postgresAdapter(options.clusterDatabaseUrl, recoveryWindowMs)
		: null;
	const io = new Server(httpServer, {
		serveClient: false,
		// The client connects over WebSocket only (see socket-client.ts): no polling requests
		// to route to the same process, so a load balancer needs no sticky sessions.
		transports: ['websocket'],
		connectionStateRecovery: { maxDisconnectionDuration: recoveryWindowMs },
		...(cluster ? { adapter: cluster.factory } : {})
	});
	if (cluster) adapters.set(io, cluster);
	io.use(async (socket, next) => {
		try {
			const token = cookieValue(socket.handshake.headers.cookie, sessionCookieName);
			const user = await userForToken(db, token);
			if (!user) return next(new Error('unauthorized'));
			socket.data.user = user;
			socket.data.sessionId = sessionIdOf(token!);
			next();
		} catch (error) {
			next(error as Error);
		}
	});
	io.on('connection', (socket) => {
		const user = socket.data.user as SessionUser;
		const rooms = [...roomsFor(user), `session:${socket.data.sessionId as string}`];
		// A recovered socket comes back with the rooms it had; the session's user may have lost
		// some since (the handshake above loaded them afresh).
		if (socket.recovered)
			for (const room of socket.rooms)
				if (room !== socket.id && !rooms.includes(room)) void socket.leave(room);
		void socket.join(rooms);
		registerTrackingHandlers(socket, db);
		// Sent through the socket's own room rather than socket.emit so that it carries a
		// recovery offset: a socket that heard nothing else yet can still be recovered. Local:
		// the socket is in this process, no other process needs to hear it.
		io.local.to(socket.id).emit('hello', { staffId: user.id, role: user.role });
	});
	setRealtimeServer(io);
	return io;
}

/** Closes socket.io and, with several processes, the adapter's database connections. */
export async function closeRealtime(io: Server): Promise<void> {
	await io.close();
	setRealtimeServer(undefined);
	await adapters.get(io)?.close();
}

/**
 * A separate worker process (`npm run worker`) has no sockets of its own, but its jobs still
 * publish (a billing run's progress): a socket.io server without HTTP, on the cluster
 * adapter, relays what they publish to the app processes' sockets through PostgreSQL.
 */
export function attachPublishOnly(clusterDatabaseUrl: string): Server {
	const cluster = postgresAdapter(clusterDatabaseUrl, recoveryWindowMs);
	const io = new Server({ serveClient: false, adapter: cluster.factory });
	adapters.set(io, cluster);
	setRealtimeServer(io);
	return io;
}
