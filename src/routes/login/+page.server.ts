import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { config } from '#lib/server/config.ts';
import { safeNext } from '#lib/url/safe-next.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { sessionCookieName, signIn, signInSchema } from '#lib/server/auth/auth.service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const parsed = v.safeParse(signInSchema, {
			username,
			password: String(form.get('password') ?? '')
		});
		if (!parsed.success) {
			const field = String(parsed.issues[0].path?.[0]?.key ?? 'username');
			return fail(400, { username, error: 'required' as const, field });
		}
		const result = await signIn(
			getDb(),
			{
				...parsed.output,
				ip: getClientAddress(),
				userAgent: request.headers.get('user-agent')
			},
			config().SESSION_DAYS
		);
		if (!result.ok) {
			if (result.reason === 'rate_limited')
				return fail(429, {
					username,
					error: 'rate_limited' as const,
					minutes: Math.ceil(result.retryAfterSeconds / 60)
				});
			return fail(400, { username, error: 'invalid' as const });
		}
		cookies.set(sessionCookieName, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			expires: result.expiresAt
		});
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	}
};
