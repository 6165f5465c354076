// Accounts and sessions for simulated staff (`npm run simulate:field`, `npm run demo`,
// `npm run bench:realtime`).
//
// Accounts are named <prefix>-0001, <prefix>-0002 … (sim-… field staff by default) and are
// created once, each scoped to one route (round robin over the routes, so the simulated crew
// covers the utility), with an audit row like any account created by an admin. Their password
// is random, hashed once per creation batch and never printed: nobody signs in as them.
//
// The documented direct path: sessions are opened by inserting a session row for a random
// token, exactly as a successful sign-in does (auth.service signIn), without the password
// check. That skips one argon2id verification per staff member (~50 ms of CPU each: minutes
// for a 2,000-strong bench crew) and leaves the socket.io handshake and every API call on the
// real, cookie-checked path. Sessions are deleted again when the simulation stops.
import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/lib/domain/access/permissions.ts';
import * as admin from '../../src/lib/server/admin/admin.repository.ts';
import { writeAudit } from '../../src/lib/server/audit/audit.repository.ts';
import { deleteSessionsOfStaff, insertSession } from '../../src/lib/server/auth/auth.repository.ts';
import { sessionCookieName, sessionIdOf } from '../../src/lib/server/auth/auth.service.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import type { Database } from '../../src/lib/server/db/connection.ts';

export interface SimAccount {
	id: number;
	username: string;
	/** The route the account is scoped to (null for roles that are not route-scoped). */
	routeId: number | null;
}

export interface SimSession extends SimAccount {
	/** Ready for a `cookie` request header. */
	cookie: string;
}

export function simUsername(prefix: string, index: number): string {
	return `${prefix}-${String(index + 1).padStart(4, '0')}`;
}

/**
 * Makes sure accounts <prefix>-0001 … <prefix>-<count> exist with `role`, creating the
 * missing ones. Route-scoped roles get one route each; existing accounts keep theirs.
 */
export async function ensureSimAccounts(
	db: Database,
	count: number,
	options: { prefix: string; role: Role; fullName: string }
): Promise<SimAccount[]> {
	const routes = options.role === 'field' ? await admin.listRoutesBrief(db) : [];
	if (options.role === 'field' && routes.length === 0)
		throw new Error('the database has no routes to walk: seed it first');
	let passwordHash: string | undefined;
	const accounts: SimAccount[] = [];
	for (let i = 0; i < count; i++) {
		const username = simUsername(options.prefix, i);
		const existing = await admin.findStaffIdByUsername(db, username);
		if (existing !== null) {
			const routeIds = await admin.staffRouteIds(db, existing);
			accounts.push({ id: existing, username, routeId: routeIds[0] ?? null });
			continue;
		}
		passwordHash ??= await hashPassword(randomBytes(24).toString('base64url'));
		const routeId = routes.length ? routes[i % routes.length].id : null;
		const id = await db.transaction().execute(async (trx) => {
			const id = await admin.insertStaff(trx, {
				username,
				fullName: `${options.fullName} ${String(i + 1).padStart(4, '0')}`,
				role: options.role,
				passwordHash: passwordHash!,
				phone: null
			});
			if (routeId !== null) await admin.replaceRouteScope(trx, id, [routeId]);
			await writeAudit(trx, {
				actorId: null,
				entity: 'staff',
				entityId: id,
				action: 'create',
				newValues: {
					username,
					role: options.role,
					routeIds: routeId ? [routeId] : [],
					simulated: true
				}
			});
			return id;
		});
		accounts.push({ id, username, routeId });
	}
	return accounts;
}

/** Opens one session per account (see the note at the top); valid for `days`. */
export async function openSimSessions(
	db: Database,
	accounts: readonly SimAccount[],
	days = 1
): Promise<SimSession[]> {
	const expiresAt = new Date(Date.now() + days * 86_400_000);
	const sessions: SimSession[] = [];
	for (const account of accounts) {
		const token = randomBytes(32).toString('base64url');
		await insertSession(db, {
			id: sessionIdOf(token),
			staffId: account.id,
			expiresAt,
			ip: '127.0.0.1',
			userAgent: 'waterline-simulator'
		});
		sessions.push({ ...account, cookie: `${sessionCookieName}=${token}` });
	}
	return sessions;
}

/** Ends every session of these accounts (the simulator's, and any left by a killed run). */
export async function closeSimSessions(db: Database, accounts: readonly SimAccount[]) {
	for (const account of accounts) await deleteSessionsOfStaff(db, account.id);
}
