import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { sessionCookieName, sessionIdOf, userForToken } from '../auth/auth.service.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { setRealtimeServer } from './publish.ts';

export function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name)
			return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return undefined;
}

/** Rooms a user joins: their role, themselves, and each route they are scoped to. */
export function roomsFor(user: SessionUser): string[] {
	return [
		`role:${user.role}`,
		`staff:${user.id}`,
		...(user.routeIds ?? []).map((id) => `route:${id}`)
	];
}

/**
 * Attaches socket.io to the HTTP server. The handshake is checked like any request: the
 * session cookie must name a live session, or the connection is refused.
 */
export function attachRealtime(httpServer: HttpServer, db: Database): Server {
	const io = new Server(httpServer, {
		serveClient: false,
		// A short disconnect (up to 2 minutes) replays missed events instead of losing them.
		connectionStateRecovery: { maxDisconnectionDuration: 120_000 }
	});
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
		void socket.join([...roomsFor(user), `session:${socket.data.sessionId as string}`]);
		socket.emit('hello', { staffId: user.id, role: user.role });
	});
	setRealtimeServer(io);
	return io;
}
