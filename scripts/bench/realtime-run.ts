// One measured run of `npm run bench:realtime` against a server (the product or the relay):
// the load generator in its own process (realtime-load.ts), and the server's CPU time read
// from /proc/<pid>/stat when the generator says the window opens and closes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LoadPlan, LoadResult } from './realtime-load.ts';
import { root } from './server.ts';

// Clock ticks per second of /proc's CPU times (100 on Linux almost everywhere).
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user + system, all threads) a process has used so far, seconds. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) start at field 3 (state);
	// utime and stime are fields 14 and 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

export interface RunOutcome {
	result: LoadResult;
	/** Server CPU time over the window, s. */
	serverCpuS: number;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of children) child.kill('SIGKILL');
});

/** Spawns a bench helper script under tsx and keeps it from outliving the bench. */
export function spawnScript(script: string, args: string[]): ChildProcess {
	const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit']
	});
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

export async function runLoad(plan: LoadPlan, serverPid: number): Promise<RunOutcome> {
	const file = path.join(tmpdir(), `wl-bench-realtime-${process.pid}.json`);
	writeFileSync(file, JSON.stringify(plan));
	const child = spawnScript('scripts/bench/realtime-load.ts', [file]);
	let cpuStart = NaN;
	let cpuEnd = NaN;
	let result: LoadResult | null = null;
	const lines = createInterface({ input: child.stdout! });
	lines.on('line', (line) => {
		if (line.startsWith('@window-start')) cpuStart = cpuSeconds(serverPid);
		else if (line.startsWith('@window-end')) cpuEnd = cpuSeconds(serverPid);
		else if (line.startsWith('@result ')) result = JSON.parse(line.slice(8)) as LoadResult;
		else if (line === '@ready') console.log('  all sockets connected and on duty; sending');
		else console.log(`  [load] ${line}`);
	});
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	if (code !== 0 || !result) throw new Error(`the load generator failed (exit ${code})`);
	return { result, serverCpuS: cpuEnd - cpuStart };
}

/** Starts the bare relay (realtime-relay.ts) and resolves with its URL, pid and a stop. */
export async function startRelay() {
	const child = spawnScript('scripts/bench/realtime-relay.ts', []);
	const lines = createInterface({ input: child.stdout! });
	const origin = await new Promise<string>((resolve, reject) => {
		lines.on('line', (line) => {
			const match = /relay listening at (\S+)/.exec(line);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`the relay exited (code ${code})`)));
	});
	return {
		origin,
		pid: child.pid!,
		stop: () => void child.kill('SIGTERM')
	};
}
