import { roleNames, roles, type Role } from '../../domain/access/permissions.ts';
import { writeAudit } from '../audit/audit.repository.ts';
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
		const id = await createStaff(db, null, {
			username: demoUsername[role],
			fullName: `Demo ${roleNames[role].vi}`,
			role,
			password: demoPassword,
			phone: undefined
		});
		const scope = role === 'field' ? 3 : role === 'billing_clerk' ? 10 : 0;
		if (!scope) continue;
		const routeIds = routes.slice(0, scope).map((r) => r.id);
		await db.transaction().execute(async (trx) => {
			await repo.replaceRouteScope(trx, id, routeIds);
			await writeAudit(trx, {
				actorId: null,
				entity: 'staff',
				entityId: id,
				action: 'route_scope',
				newValues: { routeIds }
			});
		});
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
