import { sql, type Kysely } from 'kysely';
import type { PermissionMatrix, Role } from '../../domain/access/permissions.ts';
import type { DB } from '../db/types.gen.ts';

export interface SessionUser {
	id: number;
	username: string;
	fullName: string;
	role: Role;
	permissions: PermissionMatrix;
	/** Route ids the user may see; null when the role is not route-scoped. */
	routeIds: number[] | null;
}

/** Serialises sign-in attempts for one username until the caller's transaction ends. */
export async function lockSignInsOf(db: Kysely<DB>, username: string): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext(${'signin:' + username.toLowerCase()}))`.execute(
		db
	);
}

export async function findStaffForSignIn(db: Kysely<DB>, username: string) {
	return db
		.selectFrom('staff')
		.select(['id', 'username', 'password_hash', 'active'])
		.where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
		.executeTakeFirst();
}

export async function countRecentFailures(
	db: Kysely<DB>,
	username: string,
	ip: string,
	since: Date
) {
	const row = await db
		.selectFrom('login_attempt')
		.select((eb) => [
			eb.fn
				.countAll<string>()
				.filterWhere(eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
				.as('by_user'),
			eb.fn.countAll<string>().filterWhere('ip', '=', ip).as('by_ip'),
			eb.fn.min('at').as('oldest_at')
		])
		.where('succeeded', '=', false)
		.where('at', '>=', since)
		.where((eb) =>
			eb.or([eb(eb.fn('lower', ['username']), '=', username.toLowerCase()), eb('ip', '=', ip)])
		)
		.executeTakeFirstOrThrow();
	return {
		byUser: Number(row.by_user),
		byIp: Number(row.by_ip),
		oldestAt: row.oldest_at ? new Date(row.oldest_at) : null
	};
}

export async function recordSignInAttempt(
	db: Kysely<DB>,
	attempt: { username: string; ip: string; succeeded: boolean }
) {
	await db.insertInto('login_attempt').values(attempt).execute();
}

export async function insertSession(
	db: Kysely<DB>,
	session: { id: string; staffId: number; expiresAt: Date; ip: string; userAgent: string | null }
) {
	await db
		.insertInto('session')
		.values({
			id: session.id,
			staff_id: session.staffId,
			expires_at: session.expiresAt,
			ip: session.ip,
			user_agent: session.userAgent
		})
		.execute();
}

export async function deleteSession(db: Kysely<DB>, id: string) {
	await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteSessionsOfStaff(db: Kysely<DB>, staffId: number) {
	await db.deleteFrom('session').where('staff_id', '=', staffId).execute();
}

/** The signed-in user behind a session id, with permissions and route scope, in one round trip. */
export async function findSessionUser(
	db: Kysely<DB>,
	sessionId: string
): Promise<SessionUser | null> {
	const { rows } = await sql<{
		id: number;
		username: string;
		full_name: string;
		role_code: Role;
		route_scoped: boolean;
		permissions: PermissionMatrix;
		route_ids: number[];
	}>`
		select st.id, st.username, st.full_name, st.role_code, r.route_scoped,
			coalesce((
				select jsonb_object_agg(p.module, jsonb_build_object('access', p.can_access,
					'create', p.can_create, 'edit', p.can_edit, 'delete', p.can_delete,
					'print', p.can_print, 'export', p.can_export))
				from role_permission p where p.role_code = st.role_code
			), '{}'::jsonb) as permissions,
			coalesce((select array_agg(sc.route_id order by sc.route_id) from staff_route_scope sc
				where sc.staff_id = st.id), '{}') as route_ids
		from session se
		join staff st on st.id = se.staff_id
		join role r on r.code = st.role_code
		where se.id = ${sessionId} and se.expires_at > now() and st.active
	`.execute(db);
	const row = rows[0];
	if (!row) return null;
	return {
		id: row.id,
		username: row.username,
		fullName: row.full_name,
		role: row.role_code,
		permissions: row.permissions,
		routeIds: row.route_scoped ? row.route_ids.map(Number) : null
	};
}
