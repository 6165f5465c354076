/**
 * Socket events of the field devices (contract in the issue-5 brief):
 *
 * - 'position:batch' {positions: [{lon, lat, at (ISO), accuracyM?, speedKmh?}]} (1–100), ack
 *   {ok: true, accepted} once stored, or {ok: false, error: {field, reason}} with nothing stored.
 * - 'duty:set' {onDuty: boolean}, ack {ok: true, onDuty} or {ok: false, error}.
 *
 * The sender is the socket's session user (never a staffId in the payload); only role 'field'
 * may send either.
 */
import type { Socket } from 'socket.io';
import * as v from 'valibot';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { reportPositions, setDuty, type FieldError } from './tracking.service.ts';

/** Positions in one batch: a device sending every 5 s queues 100 in 8 minutes offline. */
export const maxBatch = 100;

const finite = v.pipe(v.number(), v.finite());
const batchSchema = v.object({
	positions: v.pipe(
		v.array(
			v.object({
				lon: finite,
				lat: finite,
				at: v.string(),
				accuracyM: v.optional(finite),
				speedKmh: v.optional(finite)
			})
		),
		v.minLength(1, 'must hold at least one position'),
		v.maxLength(maxBatch, `must hold at most ${maxBatch} positions`)
	)
});
const dutySchema = v.object({ onDuty: v.boolean() });

type Ack = (reply: { ok: true; [k: string]: unknown } | { ok: false; error: FieldError }) => void;

/** The first issue of a failed parse as {field, reason}: `positions.2.lat`, 'Invalid type…'. */
function firstIssue(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): FieldError {
	const issue = issues[0];
	const field = issue.path?.map((p) => String(p.key)).join('.') || 'payload';
	return { field, reason: issue.message };
}

export function registerTrackingHandlers(socket: Socket, db: Database): void {
	const user = socket.data.user as SessionUser;

	socket.on('position:batch', async (payload: unknown, ack?: Ack) => {
		const reply: Ack = typeof ack === 'function' ? ack : () => {};
		const parsed = v.safeParse(batchSchema, payload);
		if (!parsed.success) return reply({ ok: false, error: firstIssue(parsed.issues) });
		const outcome = await reportPositions(db, user, parsed.output.positions);
		reply(outcome.ok ? { ok: true, ...outcome.value } : { ok: false, error: outcome.error });
	});

	socket.on('duty:set', async (payload: unknown, ack?: Ack) => {
		const reply: Ack = typeof ack === 'function' ? ack : () => {};
		const parsed = v.safeParse(dutySchema, payload);
		if (!parsed.success) return reply({ ok: false, error: firstIssue(parsed.issues) });
		try {
			const outcome = await setDuty(db, user, parsed.output.onDuty);
			reply(outcome.ok ? { ok: true, ...outcome.value } : { ok: false, error: outcome.error });
		} catch (error) {
			console.error('[tracking] duty:set', error);
			reply({ ok: false, error: { field: 'onDuty', reason: 'could not be saved; try again' } });
		}
	});
}
