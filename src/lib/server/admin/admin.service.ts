import * as v from 'valibot';
import { actions, modules, roles, type Role } from '../../domain/access/permissions.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { deleteSessionsOfStaff } from '../auth/auth.repository.ts';
import { hashPassword } from '../auth/password.ts';
import { disconnectRooms } from '../realtime/publish.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './admin.repository.ts';

export class AdminInputError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(`${field}: ${message}`);
	}
}

const password = v.pipe(
	v.string('password: required'),
	v.minLength(10, 'password: at least 10 characters'),
	v.maxLength(200, 'password: at most 200 characters')
);
const phone = v.optional(
	v.union([
		v.literal(''),
		v.pipe(
			v.string(),
			v.regex(/^\+?[0-9]{9,12}$/, 'phone: 9 to 12 digits, optionally starting with +')
		)
	])
);

const fullName = v.pipe(
	v.string('fullName: required'),
	v.trim(),
	v.minLength(1, 'fullName: required'),
	v.maxLength(120, 'fullName: at most 120 characters')
);

export const newStaffSchema = v.object({
	username: v.pipe(
		v.string('username: required'),
		v.trim(),
		v.toLowerCase(),
		v.regex(/^[a-z0-9._-]{3,40}$/, 'username: 3–40 letters, digits, dot, dash or underscore')
	),
	fullName,
	role: v.picklist(roles, 'role: not a known role'),
	password,
	phone
});

export const staffUpdateSchema = v.object({
	fullName,
	role: v.picklist(roles, 'role: not a known role'),
	active: v.boolean('active: must be on or off'),
	phone,
	newPassword: v.optional(
		v.union([v.literal(''), password], 'newPassword: at least 10 characters')
	),
	routeIds: v.array(
		v.pipe(
			v.number('routeIds: must be route ids'),
			v.integer('routeIds: must be route ids'),
			v.minValue(1, 'routeIds: must be route ids')
		),
		'routeIds: must be a list of routes'
	)
});

export const permissionSchema = v.object({
	role: v.picklist(roles, 'role: not a known role'),
	module: v.picklist(modules, 'module: not a known module'),
	perms: v.object(
		Object.fromEntries(actions.map((a) => [a, v.boolean()])) as Record<
			(typeof actions)[number],
			v.BooleanSchema<undefined>
		>
	)
});

function isUniqueViolation(error: unknown): boolean {
	return (error as { code?: string })?.code === '23505';
}

export async function createStaff(
	db: Database,
	actorId: number | null,
	input: v.InferOutput<typeof newStaffSchema>,
	routeIds: number[] = []
): Promise<number> {
	const passwordHash = await hashPassword(input.password);
	try {
		return await db.transaction().execute(async (trx) => {
			const id = await repo.insertStaff(trx, {
				username: input.username,
				fullName: input.fullName,
				role: input.role,
				passwordHash,
				phone: input.phone || null
			});
			if (routeIds.length) await repo.replaceRouteScope(trx, id, routeIds);
			await writeAudit(trx, {
				actorId,
				entity: 'staff',
				entityId: id,
				action: 'create',
				newValues: {
					username: input.username,
					fullName: input.fullName,
					role: input.role,
					routeIds
				}
			});
			return id;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new AdminInputError('username', 'already taken');
		throw error;
	}
}

export async function updateStaff(
	db: Database,
	actorId: number,
	staffId: number,
	input: v.InferOutput<typeof staffUpdateSchema>
): Promise<void> {
	const passwordHash = input.newPassword ? await hashPassword(input.newPassword) : undefined;
	let reconnect = false;
	await db.transaction().execute(async (trx) => {
		const before = await repo.findStaff(trx, staffId);
		if (!before) throw new AdminInputError('id', 'no such staff member');
		if (staffId === actorId && (!input.active || input.role !== 'admin'))
			throw new AdminInputError('role', 'you cannot demote or deactivate your own account');
		const routesBefore = await repo.staffRouteIds(trx, staffId);
		await repo.updateStaff(trx, staffId, {
			full_name: input.fullName,
			role_code: input.role as Role,
			active: input.active,
			phone: input.phone || null,
			...(passwordHash ? { password_hash: passwordHash } : {})
		});
		try {
			await repo.replaceRouteScope(trx, staffId, [...new Set(input.routeIds)]);
		} catch (error) {
			if ((error as { code?: string }).code === '23503')
				throw new AdminInputError('routeIds', 'contains a route that does not exist');
			throw error;
		}
		// A changed role, a deactivation or a new password ends the person's open sessions.
		if (passwordHash || !input.active || input.role !== before.role_code)
			await deleteSessionsOfStaff(trx, staffId);
		const newRoutes = [...new Set(input.routeIds)].sort((a, b) => a - b);
		reconnect =
			Boolean(passwordHash) ||
			!input.active ||
			input.role !== before.role_code ||
			newRoutes.join() !== routesBefore.join();
		await writeAudit(trx, {
			actorId,
			entity: 'staff',
			entityId: staffId,
			action: 'update',
			oldValues: {
				fullName: before.full_name,
				role: before.role_code,
				active: before.active,
				phone: before.phone,
				routeIds: routesBefore
			},
			newValues: {
				fullName: input.fullName,
				role: input.role,
				active: input.active,
				phone: input.phone || null,
				routeIds: [...new Set(input.routeIds)].sort((a, b) => a - b),
				...(passwordHash ? { password: 'changed' } : {})
			}
		});
	});
	// After the commit: open sockets carry the old role and rooms.
	if (reconnect) disconnectRooms([`staff:${staffId}`]);
}

export async function setPermission(
	db: Database,
	actorId: number,
	input: v.InferOutput<typeof permissionSchema>
): Promise<void> {
	const perms = { ...input.perms };
	// Without access, no other action makes sense; the database refuses that combination too.
	if (!perms.access) for (const a of actions) perms[a] = false;
	// Without access and edit on the admin module, no admin could ever undo the change.
	if (input.role === 'admin' && input.module === 'admin' && !(perms.access && perms.edit))
		throw new AdminInputError('perms', 'admins must keep access and edit on the admin module');
	await db.transaction().execute(async (trx) => {
		const before = await repo.findPermission(trx, input.role, input.module);
		await repo.upsertPermission(trx, input.role, input.module, perms);
		await writeAudit(trx, {
			actorId,
			entity: 'role_permission',
			entityId: `${input.role}:${input.module}`,
			action: 'update',
			oldValues: before ?? null,
			newValues: perms
		});
	});
}

export const listStaff = repo.listStaff;
export const listRoutesBrief = repo.listRoutesBrief;
export const listRolePermissions = repo.listRolePermissions;
