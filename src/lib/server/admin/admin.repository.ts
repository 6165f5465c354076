import type { Kysely } from 'kysely';
import {
	actions,
	defaultPermissions,
	roleNames,
	roles,
	routeScopedRoles,
	type Action,
	type Module,
	type Role
} from '../../domain/access/permissions.ts';
import type { DB } from '../db/types.gen.ts';

const columnOf: Record<Action, `can_${Action}`> = {
	access: 'can_access',
	create: 'can_create',
	edit: 'can_edit',
	delete: 'can_delete',
	print: 'can_print',
	export: 'can_export'
};

/** Inserts the roles and their default permissions where missing; admins' edits are kept. */
export async function ensureRoles(db: Kysely<DB>): Promise<void> {
	await db
		.insertInto('role')
		.values(
			roles.map((code) => ({
				code,
				name_vi: roleNames[code].vi,
				name_en: roleNames[code].en,
				route_scoped: routeScopedRoles.includes(code)
			}))
		)
		.onConflict((oc) => oc.column('code').doNothing())
		.execute();
	const rows = roles.flatMap((role) =>
		Object.entries(defaultPermissions(role)).map(([module, perms]) => ({
			role_code: role,
			module,
			...Object.fromEntries(actions.map((a) => [columnOf[a], perms[a]]))
		}))
	);
	await db
		.insertInto('role_permission')
		.values(rows)
		.onConflict((oc) => oc.columns(['role_code', 'module']).doNothing())
		.execute();
}

export function listStaff(db: Kysely<DB>) {
	return db
		.selectFrom('staff')
		.select((eb) => [
			'staff.id',
			'staff.username',
			'staff.full_name',
			'staff.role_code',
			'staff.phone',
			'staff.active',
			'staff.created_at',
			eb
				.selectFrom('staff_route_scope')
				.innerJoin('route', 'route.id', 'staff_route_scope.route_id')
				.select((s) => s.fn.agg<string[]>('array_agg', ['route.code']).as('codes'))
				.whereRef('staff_route_scope.staff_id', '=', 'staff.id')
				.as('route_codes')
		])
		.orderBy('staff.username')
		.execute();
}

export function findStaff(db: Kysely<DB>, id: number) {
	return db
		.selectFrom('staff')
		.select(['id', 'username', 'full_name', 'role_code', 'phone', 'active'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export async function findStaffIdByUsername(db: Kysely<DB>, username: string) {
	const row = await db
		.selectFrom('staff')
		.select('id')
		.where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
		.executeTakeFirst();
	return row?.id ?? null;
}

export async function insertStaff(
	db: Kysely<DB>,
	staff: {
		username: string;
		fullName: string;
		role: Role;
		passwordHash: string;
		phone: string | null;
	}
): Promise<number> {
	const row = await db
		.insertInto('staff')
		.values({
			username: staff.username,
			full_name: staff.fullName,
			role_code: staff.role,
			password_hash: staff.passwordHash,
			phone: staff.phone
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function updateStaff(
	db: Kysely<DB>,
	id: number,
	changes: Partial<{
		full_name: string;
		role_code: Role;
		phone: string | null;
		active: boolean;
		password_hash: string;
	}>
) {
	await db.updateTable('staff').set(changes).where('id', '=', id).execute();
}

export function staffRouteIds(db: Kysely<DB>, staffId: number) {
	return db
		.selectFrom('staff_route_scope')
		.select('route_id')
		.where('staff_id', '=', staffId)
		.orderBy('route_id')
		.execute()
		.then((rows) => rows.map((r) => r.route_id));
}

export async function replaceRouteScope(db: Kysely<DB>, staffId: number, routeIds: number[]) {
	await db.deleteFrom('staff_route_scope').where('staff_id', '=', staffId).execute();
	if (routeIds.length)
		await db
			.insertInto('staff_route_scope')
			.values(routeIds.map((route_id) => ({ staff_id: staffId, route_id })))
			.execute();
}

export function listRoutesBrief(db: Kysely<DB>) {
	return db.selectFrom('route').select(['id', 'code', 'name']).orderBy('code').execute();
}

export function listRolePermissions(db: Kysely<DB>) {
	return db
		.selectFrom('role')
		.leftJoin('role_permission', 'role_permission.role_code', 'role.code')
		.select([
			'role.code',
			'role.name_vi',
			'role.name_en',
			'role.route_scoped',
			'role_permission.module',
			'role_permission.can_access',
			'role_permission.can_create',
			'role_permission.can_edit',
			'role_permission.can_delete',
			'role_permission.can_print',
			'role_permission.can_export'
		])
		.execute();
}

export function findPermission(db: Kysely<DB>, role: Role, module: Module) {
	return db
		.selectFrom('role_permission')
		.selectAll()
		.where('role_code', '=', role)
		.where('module', '=', module)
		.executeTakeFirst();
}

export async function upsertPermission(
	db: Kysely<DB>,
	role: Role,
	module: Module,
	perms: Record<Action, boolean>
) {
	const values = Object.fromEntries(actions.map((a) => [columnOf[a], perms[a]]));
	await db
		.insertInto('role_permission')
		.values({ role_code: role, module, ...values })
		.onConflict((oc) => oc.columns(['role_code', 'module']).doUpdateSet(values))
		.execute();
}

export async function countStaff(db: Kysely<DB>): Promise<number> {
	const row = await db
		.selectFrom('staff')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
