import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	// The guard in hooks.server.ts has already redirected anyone without a session.
	const user = locals.user!;
	return {
		user: {
			id: user.id,
			username: user.username,
			fullName: user.fullName,
			role: user.role,
			permissions: user.permissions
		}
	};
};
