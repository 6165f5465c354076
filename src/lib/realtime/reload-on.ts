import { invalidateAll } from '$app/navigation';
import { getSocket, onResync } from './socket-client.ts';

/**
 * Reloads the page's data when one of these realtime events arrives (at most once per
 * `delayMs`, so a burst, e.g. a billing run's batches, costs one reload) and after a resync.
 * Call from onMount; returns the cleanup.
 */
export function reloadOn(events: string[], delayMs = 500): () => void {
	let pending: ReturnType<typeof setTimeout> | null = null;
	const reload = () => {
		pending ??= setTimeout(() => {
			pending = null;
			void invalidateAll();
		}, delayMs);
	};
	const socket = getSocket();
	for (const event of events) socket.on(event, reload);
	const stopResync = onResync(reload);
	return () => {
		for (const event of events) socket.off(event, reload);
		stopResync();
		if (pending) clearTimeout(pending);
	};
}
