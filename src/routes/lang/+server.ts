import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '#lib/paraglide/runtime.js';
import { safeNext } from '#lib/url/safe-next.ts';
import type { RequestHandler } from './$types';

/** Switches the interface language (also without JavaScript): /lang?to=en&next=/path */
export const GET: RequestHandler = ({ url, cookies }) => {
	const to = url.searchParams.get('to') ?? '';
	const next = url.searchParams.get('next');
	if (isLocale(to))
		cookies.set(cookieName, to, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			maxAge: cookieMaxAge
		});
	redirect(303, safeNext(next, url.origin));
};
