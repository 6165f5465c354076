import { roleNames, roles, type Role } from '../../domain/access/permissions.ts';
import type { Database } from '../db/connection.ts';
import { createStaff } from './admin.service.ts';
import * as repo from './admin.repository.ts';

/** Shared by every demo login. Only `npm run demo` creates these users; production never does. */
export const demoPassword = 'waterline-demo';

export const demoUsername: Record<Role, string> = {
	admin: 'admin',
	dispatcher: 'dieuphoi',
	supervisor: 'giamsat',
	engineer: 'kysu',
	billing_clerk: 'hoadon',
	cashier: 'thungan',
	customer_service: 'cskh',
	field: 'ghichiso'
};

/**
 * One user per role. The reader is scoped to the first three routes and the billing clerk to
 * the first ten, so route scoping is visible in the demo.
 */
export async function createDemoUsers(db: Database): Promise<void> {
	const routes = await repo.listRoutesBrief(db);
	for (const role of roles) {
		if (await repo.findStaffIdByUsername(db, demoUsername[role])) continue;
		const scope = role === 'field' ? 3 : role === 'billing_clerk' ? 10 : 0;
		// The user and their route scope in one transaction: never a reader without routes.
		await createStaff(
			db,
			null,
			{
				username: demoUsername[role],
				fullName: `Demo ${roleNames[role].vi}`,
				role,
				password: demoPassword,
				phone: undefined
			},
			routes.slice(0, scope).map((r) => r.id)
		);
	}
}

export function demoLoginsText(): string {
	return roles
		.map(
			(role) =>
				`  ${demoUsername[role].padEnd(10)} ${demoPassword}   ${roleNames[role].vi} / ${roleNames[role].en}`
		)
		.join('\n');
}

/** Whether the demo users exist (a database seeded by `npm run demo`). */
export async function hasDemoUsers(db: Database): Promise<boolean> {
	return (await repo.findStaffIdByUsername(db, demoUsername.dispatcher)) !== null;
}
