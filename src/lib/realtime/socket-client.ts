import { io, type Socket } from 'socket.io-client';
import { readable, type Readable } from 'svelte/store';

/**
 * The page's one socket.io connection, shared by every screen part that listens (map, order
 * lists, notifications, the field view's position uploads).
 *
 * - Same origin, authenticated by the session cookie the browser sends with the upgrade
 *   request; the server refuses a handshake without a live session.
 * - WebSocket only: no long-polling fallback, so a connection lives on one TCP connection to
 *   one app process and several processes behind a load balancer need no sticky sessions.
 * - The server keeps each connection's state for a short disconnect (connection state
 *   recovery): a reconnect within that window replays the missed events and
 *   `socket.recovered` is true. Otherwise (too long away, the process restarted, or the
 *   load balancer sent the reconnect to another process) events were lost and every
 *   `onResync` callback runs so screens reload what they show.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

let socket: Socket | null = null;
const resyncCallbacks = new Set<() => void>();
let setState: (state: ConnectionState) => void = () => {};
let current: ConnectionState = 'connecting';

function report(state: ConnectionState) {
	current = state;
	setState(state);
}

/** Connection state for a status dot: green when connected, amber while reconnecting. */
export const connectionState: Readable<ConnectionState> = readable<ConnectionState>(
	'connecting',
	(set) => {
		setState = set;
		set(current);
		return () => {
			setState = () => {};
		};
	}
);

export function getSocket(): Socket {
	if (socket) return socket;
	socket = io({ transports: ['websocket'], withCredentials: true });
	watchConnection(socket, {
		state: report,
		resync: () => {
			for (const callback of [...resyncCallbacks]) callback();
		}
	});
	return socket;
}

/**
 * Reports a socket's connection state and calls `resync` after each reconnect the server
 * could not recover. Separate from getSocket so that tests can drive a Node client (which has
 * no page origin) through the same logic.
 */
export function watchConnection(
	s: Socket,
	on: { state: (state: ConnectionState) => void; resync: () => void }
): void {
	let everConnected = false;
	s.on('connect', () => {
		on.state('connected');
		// The first connect has nothing to catch up on; a later one that the server could not
		// recover missed events, so screens reload.
		if (everConnected && !s.recovered) on.resync();
		everConnected = true;
	});
	s.on('disconnect', (reason) => {
		on.state('reconnecting');
		// The server closes a socket whose session changed (sign-out elsewhere, new role or
		// routes). socket.io does not retry those by itself: reconnect, and the handshake
		// admits the socket again with its new rooms, or refuses it.
		if (reason === 'io server disconnect') s.connect();
	});
	s.on('connect_error', () => {
		// `active` is false when the server refused the handshake (no or expired session):
		// socket.io stops retrying, and so do we; the next page load signs in again.
		on.state(s.active ? 'reconnecting' : 'refused');
	});
}

/** Runs `callback` after every reconnect that lost events. Returns the unsubscribe. */
export function onResync(callback: () => void): () => void {
	resyncCallbacks.add(callback);
	return () => resyncCallbacks.delete(callback);
}
