import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import { sequence, type Handle, type HandleServerError } from '@sveltejs/kit/hooks';
import { m } from '#lib/paraglide/messages.js';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { actionForMethod, can, moduleForPath } from '#lib/domain/access/permissions.ts';
import { sessionCookieName, userForToken } from '#lib/server/auth/auth.service.ts';
import { getDb } from '#lib/server/db/connection.ts';

const i18n: Handle = ({ event, resolve }) =>
	// The locale comes from a cookie, so the request needs no rewriting.
	paraglideMiddleware(event.request, ({ locale }) =>
		resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		})
	);

// Reachable without a session: the sign-in page, language switch and build assets.
const publicPaths = [
	/^\/login(\/|$)/,
	/^\/lang(\/|$)/,
	/^\/_app\//,
	/^\/favicon\.svg$/,
	/^\/map\//
];

function wantsJson(pathname: string, request: Request): boolean {
	return (
		pathname.startsWith('/api/') ||
		pathname.startsWith('/tiles/') ||
		(request.headers.get('accept') ?? '').includes('application/json')
	);
}

/**
 * The one permission guard, for pages, form actions, JSON endpoints and tiles alike
 * (socket.io checks the same session at its handshake). Route scope is enforced by the
 * services, which receive locals.user.
 */
const guard: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName);
	event.locals.user = token ? await userForToken(getDb(), token) : null;
	if (token && !event.locals.user) event.cookies.delete(sessionCookieName, { path: '/' });

	const { pathname } = event.url;
	if (publicPaths.some((p) => p.test(pathname))) return resolve(event);

	const user = event.locals.user;
	if (!user) {
		if (wantsJson(pathname, event.request)) error(401, 'Not signed in');
		redirect(303, `/login?next=${encodeURIComponent(pathname + event.url.search)}`);
	}
	const module = moduleForPath(pathname);
	if (module) {
		// Form posts to a page are edits of that module; reads need access.
		const action = actionForMethod(event.request.method);
		if (!can(user.permissions, module, action))
			error(403, `${m.error_forbidden()} (${module}.${action})`);
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
