import { redirect } from '@sveltejs/kit';
import { sessionCookieName, signOut } from '#lib/server/auth/auth.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ cookies }) => {
	await signOut(getDb(), cookies.get(sessionCookieName));
	cookies.delete(sessionCookieName, { path: '/' });
	redirect(303, '/login');
};
