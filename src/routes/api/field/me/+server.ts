import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Who is signed in, for the field view: it renders in the browser only (so its HTML shell
 * carries no user data and can be cached for an offline start) and asks for this instead.
 * work_orders access is checked by the guard.
 */
export const GET: RequestHandler = ({ locals }) => {
	const user = locals.user!;
	return json(
		{ id: user.id, fullName: user.fullName, role: user.role },
		{ headers: { 'cache-control': 'private, no-store' } }
	);
};
