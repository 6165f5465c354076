/**
 * The field view's service worker (registered by src/routes/field/+layout.svelte with scope
 * /field, so it controls the field pages and nothing else). It lets the installed app start
 * with no connection:
 * - the app shell (every built JS/CSS file and everything in static/; a few MB) is cached at install,
 *   per build version, and served from the cache;
 * - a field page (the work orders under /field and the reading app under /field/read alike)
 *   is fetched from the network and, offline, answered with the last field HTML shell. That
 *   shell holds no user data: the field view renders in the browser (ssr off), so the HTML is
 *   the same empty frame for every field page and everyone.
 *
 * Nothing else is cached, in particular no API response: orders, customers' names and
 * addresses must not outlive a sign-out in a cache any page of the origin can read. The one
 * copy of user data on the phone is the field view's own last order list, the reading app's
 * sheet and the offline queue, in an IndexedDB database per staff member
 * (src/lib/field/store.ts).
 */
import { version } from '$app/env';
import { assets as staticFiles, immutable } from '$app/manifest';
import { self as sw } from '$app/service-worker';

const cacheName = `field-shell-${version}`;
const shellKey = '/field';
// Manifest paths are relative to the base path ('' here): '_app/immutable/…', 'favicon.svg'.
const assets = new Set([...immutable, ...staticFiles].map((f) => '/' + f.path.replace(/^\//, '')));

/**
 * The field HTML shell, kept at install: the page that registered the worker was loaded before
 * the worker existed, so without this an app opened once (say /field/read, then used through
 * client-side navigation) and reloaded offline would have no shell. Every field page gives the
 * same shell; the first the user may open is kept (a reader may have readings but not work
 * orders). Signed out or refused: nothing is kept, and the next field page fetched online is.
 */
async function keepShell(cache: Cache): Promise<void> {
	for (const page of ['/field/read', '/field']) {
		const response = await fetch(page, { credentials: 'same-origin' }).catch(() => null);
		if (response?.status === 200 && !response.redirected && response.type === 'basic') {
			await cache.put(shellKey, response);
			return;
		}
	}
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches.open(cacheName).then(async (cache) => {
			await cache.addAll([...assets]);
			await keepShell(cache);
		})
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys())
				if (key.startsWith('field-shell-') && key !== cacheName) await caches.delete(key);
			// The page that installed the worker is served by it from now on, not after a reload.
			await sw.clients.claim();
		})()
	);
});

const isFieldPage = (url: URL) => url.pathname === '/field' || url.pathname.startsWith('/field/');

async function fromShellCache(request: Request): Promise<Response> {
	const cache = await caches.open(cacheName);
	return (await cache.match(request)) ?? fetch(request);
}

async function fieldPage(request: Request): Promise<Response> {
	const cache = await caches.open(cacheName);
	try {
		const response = await fetch(request);
		// Only a real page: a redirect (to the sign-in page) or an error is never kept.
		if (response.status === 200 && !response.redirected && response.type === 'basic')
			await cache.put(shellKey, response.clone());
		return response;
	} catch (error) {
		const shell = await cache.match(shellKey);
		if (shell) return shell;
		throw error;
	}
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (assets.has(url.pathname)) event.respondWith(fromShellCache(request));
	else if (request.mode === 'navigate' && isFieldPage(url)) event.respondWith(fieldPage(request));
	// Anything else (the JSON API, socket.io, attachments) goes to the network untouched.
});
