/**
 * Where to send someone after sign-in or a language switch: only a path on this site.
 * Parsed as a browser would (`/\evil.com` is `//evil.com` to it), and anything that leaves
 * the origin becomes the home page.
 */
export function safeNext(next: string | null, origin: string): string {
	if (!next) return '/';
	try {
		const url = new URL(next, origin);
		return url.origin === origin ? url.pathname + url.search + url.hash : '/';
	} catch {
		return '/';
	}
}
