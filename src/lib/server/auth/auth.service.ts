import { createHash, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { signInLimits, signInRetryAfter } from '../../domain/access/rate-limit.ts';
import type { Database } from '../db/connection.ts';
import { disconnectRooms } from '../realtime/publish.ts';
import * as repo from './auth.repository.ts';
import { decoyHash, verifyPassword } from './password.ts';

export const sessionCookieName = 'wl_session';

export const signInSchema = v.object({
	username: v.pipe(v.string('username: required'), v.trim(), v.minLength(1, 'username: required')),
	password: v.pipe(v.string('password: required'), v.minLength(1, 'password: required'))
});

export type SignInResult =
	| { ok: true; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

export function sessionIdOf(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/**
 * Checks credentials, throttles repeated failures, and opens a session. The cookie carries a
 * random token; the database keeps only its hash.
 */
export async function signIn(
	db: Database,
	input: { username: string; password: string; ip: string; userAgent: string | null },
	sessionDays: number
): Promise<SignInResult> {
	const username = input.username.trim();
	// One attempt per username at a time: parallel guesses cannot all slip under the limit
	// before the first failure is recorded.
	return db.transaction().execute(async (trx) => {
		await repo.lockSignInsOf(trx, username);
		const since = new Date(Date.now() - signInLimits.windowMinutes * 60_000);
		const retryAfter = signInRetryAfter(
			await repo.countRecentFailures(trx, username, input.ip, since),
			new Date()
		);
		if (retryAfter !== null)
			return { ok: false, reason: 'rate_limited', retryAfterSeconds: retryAfter } as const;

		const staff = await repo.findStaffForSignIn(trx, username);
		const passwordOk = await verifyPassword(
			staff?.password_hash ?? (await decoyHash()),
			input.password
		);
		const succeeded = Boolean(staff && staff.active && passwordOk);
		await repo.recordSignInAttempt(trx, { username, ip: input.ip, succeeded });
		if (!succeeded || !staff) return { ok: false, reason: 'invalid' } as const;

		const token = randomBytes(32).toString('base64url');
		const expiresAt = new Date(Date.now() + sessionDays * 86_400_000);
		await repo.insertSession(trx, {
			id: sessionIdOf(token),
			staffId: staff.id,
			expiresAt,
			ip: input.ip,
			userAgent: input.userAgent
		});
		return { ok: true, token, expiresAt } as const;
	});
}

export function userForToken(db: Database, token: string | undefined) {
	if (!token || token.length > 100) return Promise.resolve(null);
	return repo.findSessionUser(db, sessionIdOf(token));
}

export async function signOut(db: Database, token: string | undefined): Promise<void> {
	if (!token) return;
	await repo.deleteSession(db, sessionIdOf(token));
	disconnectRooms([`session:${sessionIdOf(token)}`]);
}
