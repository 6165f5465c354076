// Starts the built console for the Playwright suite on a fresh database (wl_e2e) on the test
// PostgreSQL server, with the 2k-customer test utility and the demo logins.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { adminUrl } from '../src/lib/server/db/test-database.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } });
// Per run, so two suites on one server never drop each other's database.
const name = `wl_e2e_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
// Databases of earlier runs whose process is gone (killed before it could drop its own).
const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
for (const { datname } of await admin<{ datname: string }[]>`
	select datname from pg_database where datname ~ '^wl_e2e(_[0-9]+)?$'`) {
	const pid = Number(datname.split('_')[2]);
	if (!pid || !alive(pid)) await admin.unsafe(`drop database if exists ${datname} with (force)`);
}
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.unsafe(`create database ${name}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
await db`create extension if not exists postgis`;
await db.end();

// Tests that change data behind the app's back (to watch the map follow) read the URL here.
const urlFile = path.join(tmpdir(), `waterline-e2e-${values.port}.url`);
writeFileSync(urlFile, url.toString());

const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
	stdio: 'inherit',
	env: {
		...process.env,
		DATABASE_URL: url.toString(),
		DEMO_CUSTOMERS: '2000',
		PORT: values.port,
		HOST: '127.0.0.1',
		NODE_ENV: 'production'
	}
});
async function dropDatabase() {
	rmSync(urlFile, { force: true });
	const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await again.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
	await again.end();
}
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
	void dropDatabase().finally(() => process.exit(code ?? 0));
});
