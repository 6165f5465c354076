// Starts the real console (server/index.ts on the adapter-node build) for a benchmark, on a
// port the OS picks, and makes sure it is stopped however the bench ends (error, Ctrl-C).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
const handlerFile = path.join(root, 'build/handler.js');

/** Newest modification time under a folder, ms since the epoch. */
function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

/**
 * Builds the app when build/ is missing or `force` is set. A build older than src/ is only
 * reported: other people's edits in progress may not build, and rebuilding under a running
 * server of theirs would pull files from under it.
 */
export function ensureBuild(force: boolean): void {
	if (existsSync(handlerFile) && !force) {
		if (newestMtime(path.join(root, 'src')) > statSync(handlerFile).mtimeMs)
			console.log('note: build/ is older than src/; the server runs that build (--build rebuilds)');
		return;
	}
	console.log('building the app (vite build)…');
	const started = performance.now();
	const vite = path.join(root, 'node_modules/.bin/vite');
	const result = spawnSync(vite, ['build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
	console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export interface RunningServer {
	origin: string;
	/** The server's process id (for its CPU time in /proc). */
	pid: number;
	stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;

/** Kills servers still running when the bench exits or is interrupted. */
function hookProcessExit(): void {
	if (hooked) return;
	hooked = true;
	process.on('exit', () => {
		for (const child of running) child.kill('SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.on(signal, () => {
			console.error(`\n${signal}: stopping the server`);
			for (const child of running) child.kill('SIGTERM');
			process.exit(130);
		});
}

/**
 * Starts server/index.ts on `databaseUrl` with PORT=0 and resolves with the origin it prints.
 * `demoCustomers` makes the server create the demo users (it seeds nothing when the database
 * already holds customers).
 */
export async function startServer(
	databaseUrl: string,
	demoCustomers: number
): Promise<RunningServer> {
	hookProcessExit();
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			DATABASE_URL: databaseUrl,
			DEMO_CUSTOMERS: String(demoCustomers),
			PORT: '0',
			HOST: '127.0.0.1',
			NODE_ENV: 'production'
		}
	});
	running.add(child);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	exited.then(() => running.delete(child));
	// Kept for the error message if it never comes up, and echoed when it logs errors later.
	let log = '';
	const origin = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`server did not start in 120 s:\n${log}`)),
			120_000
		);
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			const match = /Waterline is running at (http:\/\/\S+)/.exec(log);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited (code ${code}) before it was ready:\n${log}`));
		});
	});
	// After start-up only errors matter; a benchmark's output should stay readable.
	child.stdout!.removeAllListeners('data');
	child.stderr!.removeAllListeners('data');
	child.stdout!.resume();
	child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk}`));
	return {
		origin,
		pid: child.pid!,
		async stop() {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			const timeout = new Promise((resolve) => setTimeout(resolve, 10_000));
			await Promise.race([exited, timeout]);
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	};
}
