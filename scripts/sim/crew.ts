// A crew of virtual field workers: accounts and sessions, each worker's route lap, staggered
// starts, a status line every 30 s, and a clean stop (off duty, sockets closed, sessions
// deleted). Used by `npm run simulate:field` and, in-process, by `npm run demo`.
import { routeLap, staggerMs } from '../../src/lib/domain/simulation/schedule.ts';
import { rngFor } from '../../src/lib/domain/synthetic/prng.ts';
import type { Database } from '../../src/lib/server/db/connection.ts';
import { routeCustomers } from '../../src/lib/server/routes/routes.repository.ts';
import { closeSimSessions, ensureSimAccounts, openSimSessions } from './accounts.ts';
import { FieldWorker } from './field-worker.ts';

export interface CrewOptions {
	origin: string;
	staff: number;
	intervalS: number;
	speedKmh: number;
	workScale: number;
	/** Seconds at each customer of the route (reading the meter). */
	readS?: number;
	log?: (line: string) => void;
}

export interface Crew {
	workers: FieldWorker[];
	stop(): Promise<void>;
}

// Stream id for the simulator's random numbers (the seed's streams use 1–10).
const simStream = 101;

export async function startCrew(db: Database, o: CrewOptions): Promise<Crew> {
	const log = o.log ?? ((line: string) => console.log(`simulator: ${line}`));
	const accounts = await ensureSimAccounts(db, o.staff, {
		prefix: 'sim',
		role: 'field',
		fullName: 'Nhân viên mô phỏng'
	});
	// Sessions a killed run left behind go first.
	await closeSimSessions(db, accounts);
	const sessions = await openSimSessions(db, accounts);
	const laps = new Map<number, Awaited<ReturnType<typeof routeCustomers>>>();
	const workers: FieldWorker[] = [];
	for (const [i, s] of sessions.entries()) {
		if (s.routeId === null) throw new Error(`${s.username} has no route to walk`);
		if (!laps.has(s.routeId)) laps.set(s.routeId, await routeCustomers(db, s.routeId));
		const stops = laps.get(s.routeId)!;
		if (stops.length === 0) throw new Error(`${s.username}: route ${s.routeId} has no customers`);
		// Workers sharing a route start at different customers.
		const offset = Math.floor((i / o.staff) * stops.length) % stops.length;
		const lap = routeLap([...stops.slice(offset), ...stops.slice(0, offset)], o.readS ?? 20);
		workers.push(
			new FieldWorker({
				origin: o.origin,
				cookie: s.cookie,
				staffId: s.id,
				username: s.username,
				lap,
				intervalS: o.intervalS,
				speedKmh: o.speedKmh,
				workScale: o.workScale,
				rng: rngFor(1, simStream, s.id),
				log
			})
		);
	}
	const timers = workers.map((w, i) =>
		setTimeout(() => w.start(), staggerMs(i, workers.length, o.intervalS * 1000))
	);
	const status = setInterval(() => {
		const sum = (f: (w: FieldWorker) => number) => workers.reduce((n, w) => n + f(w), 0);
		log(
			`${sum((w) => Number(w.stats.connected))}/${workers.length} connected, ` +
				`${sum((w) => w.stats.positionsSent)} positions sent, ` +
				`${sum((w) => w.stats.positionsQueued)} queued, ` +
				`${sum((w) => w.stats.ordersDone)} orders done, ${sum((w) => w.stats.errors)} errors`
		);
	}, 30_000);
	log(
		`${workers.length} field staff (sim-0001…) walking their routes at ${o.speedKmh} km/h, ` +
			`a position every ${o.intervalS} s`
	);
	return {
		workers,
		async stop() {
			clearInterval(status);
			for (const t of timers) clearTimeout(t);
			await Promise.all(workers.map((w) => w.stop()));
			await closeSimSessions(db, accounts);
		}
	};
}
