// The load of `npm run bench:realtime`, in its own process so that its CPU is not the
// server's: `node --import tsx scripts/bench/realtime-load.ts <plan.json>`. One process, many
// sockets (websocket transport): N staff devices each sending one position every interval
// (starts staggered over one interval) and S supervisors listening to 'staff:positions'.
//
// Talks to the parent on stdout, one line each: `@ready`, `@window-start <ms>`,
// `@window-end <ms>`, `@result <json>`. A position belongs to the measured window when its
// `at` (the device's send time, on this machine's clock) falls inside it; latency is receive
// time on a supervisor minus that `at`.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { staggerMs } from '../../src/lib/domain/simulation/schedule.ts';
import { summarize, type Summary } from './stats.ts';

export interface LoadPlan {
	origin: string;
	intervalMs: number;
	/** Sending before the window opens, so every device is in its steady rhythm, ms. */
	warmupMs: number;
	seconds: number;
	staff: { staffId: number; cookie: string; lon: number; lat: number }[];
	supervisors: { cookie: string }[];
}

export interface LoadResult {
	windowStart: number;
	windowEnd: number;
	/** Positions sent with `at` inside the window. */
	sent: number;
	/** Per supervisor: positions received with `at` inside the window. */
	received: number[];
	/** Batches refused or unanswered within 10 s. */
	ackFailures: number;
	latency: Summary;
	/** This process's event-loop delay p99 and its CPU over the window (is the load fair?). */
	loadLagP99Ms: number;
	loadCpuS: number;
}

const connectChunk = 200;

function open(origin: string, cookie: string, auth: Record<string, unknown>): Promise<Socket> {
	return new Promise((resolve, reject) => {
		const socket = io(origin, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			extraHeaders: { cookie },
			auth
		});
		const timer = setTimeout(() => reject(new Error('no connection in 60 s')), 60_000);
		socket.once('connect', () => {
			clearTimeout(timer);
			resolve(socket);
		});
		socket.once('connect_error', (error) => {
			clearTimeout(timer);
			reject(new Error(`connect: ${error.message}`));
		});
	});
}

function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

async function main(plan: LoadPlan): Promise<void> {
	const latencies: number[] = [];
	const received = plan.supervisors.map(() => 0);
	let windowStart = Infinity;
	let windowEnd = Infinity;
	const supervisors = await Promise.all(
		plan.supervisors.map((s) => open(plan.origin, s.cookie, { watch: true }))
	);
	supervisors.forEach((socket, k) =>
		socket.on('staff:positions', (event: { positions: { at: string }[] }) => {
			const now = Date.now();
			for (const p of event.positions) {
				const at = Date.parse(p.at);
				if (at < windowStart || at >= windowEnd) continue;
				received[k]++;
				latencies.push(now - at);
			}
		})
	);
	const devices: Socket[] = [];
	for (let i = 0; i < plan.staff.length; i += connectChunk)
		devices.push(
			...(await Promise.all(
				plan.staff
					.slice(i, i + connectChunk)
					.map((s) => open(plan.origin, s.cookie, { staffId: s.staffId }))
			))
		);
	await Promise.all(
		devices.map(async (socket) => {
			const ack = await socket.timeout(30_000).emitWithAck('duty:set', { onDuty: true });
			if (!ack?.ok) throw new Error(`duty:set refused: ${JSON.stringify(ack)}`);
		})
	);
	say('@ready');

	let sent = 0;
	let ackFailures = 0;
	const t0 = Date.now() + 200;
	windowStart = t0 + plan.warmupMs;
	windowEnd = windowStart + plan.seconds * 1000;
	const lag = monitorEventLoopDelay({ resolution: 10 });
	let cpuAtStart = process.cpuUsage();
	const marks = [
		setTimeout(() => {
			lag.enable();
			cpuAtStart = process.cpuUsage();
			say(`@window-start ${Date.now()}`);
		}, windowStart - Date.now()),
		setTimeout(() => say(`@window-end ${Date.now()}`), windowEnd - Date.now())
	];
	const finished = plan.staff.map(
		(s, i) =>
			new Promise<void>((resolve) => {
				const first = t0 + staggerMs(i, plan.staff.length, plan.intervalMs);
				let k = 0;
				const send = () => {
					const now = Date.now();
					if (now >= windowEnd) return resolve();
					// A walk of ~5 m per fix, back and forth, so positions change as a device's do.
					const leg = k % 200 < 100 ? k % 100 : 100 - (k % 100);
					const at = new Date(now).toISOString();
					if (now >= windowStart) sent++;
					devices[i]
						.timeout(10_000)
						.emitWithAck('position:batch', {
							positions: [
								{ lon: s.lon + leg * 0.00004, lat: s.lat + leg * 0.00003, at, accuracyM: 8 }
							]
						})
						.then((ack: { ok: boolean }) => void (ack?.ok || ackFailures++))
						.catch(() => ackFailures++);
					k++;
					setTimeout(send, first + k * plan.intervalMs - Date.now());
				};
				setTimeout(send, first - Date.now());
			})
	);
	await Promise.all(finished);
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowEnd - Date.now() + 50)));
	const cpu = process.cpuUsage(cpuAtStart);
	lag.disable();
	// Drain: what was sent in the window may still be on its way (batching, acks); 10 s at most.
	const drainUntil = Date.now() + 10_000;
	while (Date.now() < drainUntil && received.some((n) => n < sent))
		await new Promise((resolve) => setTimeout(resolve, 100));
	for (const t of marks) clearTimeout(t);
	const result: LoadResult = {
		windowStart,
		windowEnd,
		sent,
		received,
		ackFailures,
		latency: summarize(latencies),
		loadLagP99Ms: lag.percentile(99) / 1e6,
		loadCpuS: (cpu.user + cpu.system) / 1e6
	};
	say(`@result ${JSON.stringify(result)}`);
	for (const socket of [...devices, ...supervisors]) socket.close();
}

main(JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadPlan).then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	}
);
