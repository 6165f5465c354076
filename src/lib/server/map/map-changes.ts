import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import * as v from 'valibot';
import type { MapChange } from './tile-cache.ts';

/** The channel the map's triggers notify (migration 0003_map). */
export const mapChangeChannel = 'waterline_map';

const box = v.tuple([v.number(), v.number(), v.number(), v.number()]);
const changeSchema = v.object({
	layer: v.string(),
	extent: v.optional(box),
	probe: v.optional(v.string())
});

export interface MapChangeFeed {
	/** False when notifications do not reach this process; callers must not cache then. */
	readonly live: boolean;
	close(): Promise<void>;
}

/**
 * Listens for the database's map-change notifications and hands each to `onChange`. Before
 * reporting itself live it sends itself a probe and waits for it (up to `probeMs`), because
 * not every server relays NOTIFY (the embedded socket server may not); a feed that never
 * heard its probe stays not live. On a dropped connection postgres.js re-listens by itself,
 * and `onReconnect` runs since changes may have been missed meanwhile.
 */
async function listenForMapChanges(
	sql: postgres.Sql,
	onChange: (change: MapChange) => void,
	onReconnect: () => void,
	probeMs = 1000
): Promise<MapChangeFeed> {
	const probe = randomUUID();
	let heard: () => void = () => {};
	const probeHeard = new Promise<void>((resolve) => (heard = resolve));
	let first = true;
	const feed = { live: false, close: async () => {} };
	try {
		const sub = await sql.listen(
			mapChangeChannel,
			(payload) => {
				const parsed = v.safeParse(changeSchema, safeJson(payload));
				if (!parsed.success) return;
				if (parsed.output.probe === probe) heard();
				else if (!parsed.output.probe) onChange(parsed.output);
			},
			() => {
				if (!first) onReconnect();
				first = false;
			}
		);
		feed.close = () => sub.unlisten();
		await sql`select pg_notify(${mapChangeChannel}, ${JSON.stringify({ layer: '', probe })})`;
		const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), probeMs).unref());
		feed.live = (await Promise.race([probeHeard, timeout])) !== 'timeout';
	} catch {
		feed.live = false;
	}
	return feed;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

interface Listener {
	onChange: (change: MapChange) => void;
	onReconnect: () => void;
}
const shared = new WeakMap<postgres.Sql, Promise<{ live: boolean; listeners: Set<Listener> }>>();

/**
 * One LISTEN connection (and one probe) per database handle, shared by everything in the
 * process that follows map changes: the tile cache and the socket.io bridge.
 */
export async function subscribeToMapChanges(
	sql: postgres.Sql,
	onChange: Listener['onChange'],
	onReconnect: Listener['onReconnect']
): Promise<MapChangeFeed> {
	let entry = shared.get(sql);
	if (!entry) {
		const listeners = new Set<Listener>();
		entry = listenForMapChanges(
			sql,
			(change) => listeners.forEach((l) => l.onChange(change)),
			() => listeners.forEach((l) => l.onReconnect())
		).then((feed) => ({ live: feed.live, listeners }));
		shared.set(sql, entry);
	}
	const { live, listeners } = await entry;
	const listener = { onChange, onReconnect };
	listeners.add(listener);
	return { live, close: async () => void listeners.delete(listener) };
}
