import type { Map as MapLibreMap } from 'maplibre-gl';
import { box3857ToLonLat, boxesIntersect } from '#lib/domain/map/tile-math.ts';
import { getSocket, onResync } from '#lib/realtime/socket-client.ts';

/** `map:changed` as the server sends it: a layer and, for customers, the changed extent (3857). */
interface MapChanged {
	layer: string;
	xmin?: number;
	ymin?: number;
	xmax?: number;
	ymax?: number;
}

const utilitySources = ['zones', 'master-meters', 'customers'];
// Changes arrive in bursts (a route's readings, a billing run): refetch at most this often, ms.
const refreshEveryMs = 500;

/**
 * Keeps the utility layers current while the map is open: when the server reports a change
 * that meets the visible area, the map refetches that source's tiles (the server answers 304
 * for the tiles that did not change, so only the changed ones travel). After a reconnect that
 * lost events, every utility layer is refetched. Returns the unsubscribe (the page's shared
 * socket stays open for the other listeners).
 */
export function followMapChanges(getMap: () => MapLibreMap | null): () => void {
	const socket = getSocket();
	const pending = new Set<string>();
	let timer: ReturnType<typeof setTimeout> | null = null;

	function flush() {
		timer = null;
		const map = getMap();
		for (const id of pending) if (map?.getSource(id)) map.refreshTiles(id);
		pending.clear();
	}

	function onChange(change: MapChanged) {
		const map = getMap();
		if (!map) return;
		if (change.xmin !== undefined) {
			const [w, s, e, n] = box3857ToLonLat([change.xmin, change.ymin!, change.xmax!, change.ymax!]);
			const view = map.getBounds();
			const seen: [number, number, number, number] = [
				view.getWest(),
				view.getSouth(),
				view.getEast(),
				view.getNorth()
			];
			if (!boxesIntersect(seen, [w, s, e, n])) return;
		}
		for (const id of change.layer === '*' ? utilitySources : [change.layer]) pending.add(id);
		timer ??= setTimeout(flush, refreshEveryMs);
	}

	socket.on('map:changed', onChange);
	const stopResync = onResync(() => onChange({ layer: '*' }));
	return () => {
		if (timer) clearTimeout(timer);
		socket.off('map:changed', onChange);
		stopResync();
	};
}
