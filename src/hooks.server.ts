import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import { sequence, type Handle, type HandleServerError } from '@sveltejs/kit/hooks';
import { m } from '#lib/paraglide/messages.js';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { accessForRoute, actionForRequest, can } from '#lib/domain/access/permissions.ts';
import { sessionCookieName, userForToken } from '#lib/server/auth/auth.service.ts';
import { getDb } from '#lib/server/db/connection.ts';

const i18n: Handle = ({ event, resolve }) =>
	// The locale comes from a cookie, so the request needs no rewriting.
	paraglideMiddleware(event.request, ({ locale }) =>
		resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		})
	);

function wantsJson(event: RequestEvent): boolean {
	const id = event.route.id ?? '';
	return (
		id.startsWith('/api/') ||
		id.startsWith('/tiles/') ||
		(event.request.headers.get('accept') ?? '').includes('application/json')
	);
}

/** The form action a POST names (`?/createUser`), as SvelteKit reads it. */
function formActionOf(url: URL): string | null {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key.slice(1);
	return null;
}

/**
 * The one permission guard, for pages, form actions, JSON endpoints and tiles alike
 * (socket.io checks the same session at its handshake). It decides on the route SvelteKit
 * matched, not on the raw path. Route scope is enforced by the services, which receive
 * locals.user.
 */
const guard: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName);
	event.locals.user = token ? await userForToken(getDb(), token) : null;
	if (token && !event.locals.user) event.cookies.delete(sessionCookieName, { path: '/' });

	const access = accessForRoute(event.route.id);
	if (access.kind === 'public') return resolve(event);

	const user = event.locals.user;
	if (!user) {
		if (wantsJson(event)) error(401, 'Not signed in');
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	if (access.kind === 'unlisted') error(403, m.error_forbidden());
	if (access.kind === 'module') {
		const action = actionForRequest(event.request.method, formActionOf(event.url), event.route.id);
		if (!can(user.permissions, access.module, action)) {
			// Someone without the map lands on the start page instead of a refusal.
			if (event.route.id === '/(app)' && action === 'access') redirect(303, '/start');
			error(403, `${m.error_forbidden()} (${access.module}.${action})`);
		}
	}
	return resolve(event);
};

export const handle = sequence(i18n, guard);

// App and framework errors (403, 404…) keep their own status and message; anything else is
// logged with an id the user can quote, and shown without internals.
export const handleError: HandleServerError = ({ kind, error: err, event }) => {
	if (kind !== 'unknown') return;
	const errorId = randomUUID();
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, err);
	return { message: 'Internal error', errorId };
};
