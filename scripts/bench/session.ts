// Signs a demo user in through the real login form (a SvelteKit form POST), as a browser would.
import { sessionCookieName } from '../../src/lib/server/auth/auth.service.ts';

/** Password the server gives the demo users it creates on an empty staff table. */
export const demoPassword = 'waterline-demo';

export interface Session {
	name: string;
	value: string;
	/** Ready for a `cookie` request header. */
	header: string;
}

export async function signIn(origin: string, username: string): Promise<Session> {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		// SvelteKit refuses cross-site form POSTs: the Origin header must match the host. Without
		// `accept: text/html` it answers as to its own enhanced forms (JSON, status 200).
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			origin
		},
		body: new URLSearchParams({ username, password: demoPassword }),
		redirect: 'manual'
	});
	const cookie = response.headers
		.getSetCookie()
		.map((line) => line.split(';')[0])
		.find((pair) => pair.startsWith(`${sessionCookieName}=`));
	if (response.status !== 303 || !cookie)
		throw new Error(
			`signing in as ${username} failed: HTTP ${response.status} without a session cookie ` +
				'(are the demo users there? they are only created on a database without staff)'
		);
	const value = cookie.slice(sessionCookieName.length + 1);
	return { name: sessionCookieName, value, header: cookie };
}
