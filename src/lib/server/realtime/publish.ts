import type { Server } from 'socket.io';

/**
 * The one way routes, services and jobs reach connected screens: after their transaction
 * commits they publish a small event (ids, not payloads) to rooms. The socket.io server is
 * registered on globalThis because server/index.ts and the SvelteKit bundle load this module
 * separately.
 */
export interface RealtimeEvent {
	type: string;
	ids: Record<string, number | string>;
}

const key = Symbol.for('waterline.realtime');
type Holder = { [key]?: Server };

export function setRealtimeServer(io: Server | undefined): void {
	(globalThis as Holder)[key] = io;
}

/** Sends the event to the rooms' sockets in every app process (through the adapter). */
export function publish(rooms: string[], event: RealtimeEvent): void {
	const io = (globalThis as Holder)[key];
	if (!io || rooms.length === 0) return;
	io.to(rooms).emit(event.type, event.ids);
}

/**
 * Sends the event to the rooms' sockets in this process only. For sources every process hears
 * by itself, such as the database's NOTIFY channels: relayed through the adapter as well,
 * each socket would receive the event once per process.
 */
export function publishLocal(rooms: string[], event: RealtimeEvent): void {
	const io = (globalThis as Holder)[key];
	if (!io || rooms.length === 0) return;
	io.local.to(rooms).emit(event.type, event.ids);
}

/**
 * Closes the connections in these rooms, e.g. `session:<id>` after sign-out or `staff:<id>`
 * after a role, scope or password change: a socket must not outlive the session it was
 * admitted with. Clients reconnect and pass the handshake again (or fail it).
 */
export function disconnectRooms(rooms: string[]): void {
	const io = (globalThis as Holder)[key];
	if (!io || rooms.length === 0) return;
	io.in(rooms).disconnectSockets(true);
}
