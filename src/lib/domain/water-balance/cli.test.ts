/**
 * The balance CLI end to end: spawns `node --import tsx scripts/nrw.ts` (and once the npm
 * script) and checks stdout, stderr and the exit code (water-balance.md's contract).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { balance } from './balance.ts';
import { dma07 } from './balance.fixtures.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'nrw-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function inputFile(content: unknown): string {
	const file = join(dir, `zone-${++files}.json`);
	writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
	return file;
}

function run(
	args: string[],
	command = process.execPath,
	prefix = ['--import', 'tsx', 'scripts/nrw.ts']
) {
	const result = spawnSync(command, [...prefix, ...args], { cwd: root, encoding: 'utf8' });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SLOW = 60_000; // each run starts Node and tsx

describe('npm run nrw -- balance', () => {
	it(
		'prints the balance as one JSON object through the npm script and exits 0',
		() => {
			const { code, stdout, stderr } = run(
				['run', '-s', 'nrw', '--', 'balance', inputFile(dma07)],
				'npm',
				[]
			);
			expect(stderr).toBe('');
			expect(code).toBe(0);
			expect(JSON.parse(stdout)).toEqual(balance(dma07));
			expect(stdout.trim().split('\n')).toHaveLength(1);
		},
		SLOW
	);

	it(
		'exits 1 for invalid input and names each field on stderr',
		() => {
			const { code, stdout, stderr } = run([
				'balance',
				inputFile({ ...dma07, days: 0, connections: -3 })
			]);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(stderr).toMatch(/^ {2}days: /m);
			expect(stderr).toMatch(/^ {2}connections: /m);
		},
		SLOW
	);

	it(
		'exits 2 on bad usage and 3 on an unreadable or non-JSON file',
		() => {
			expect(run(['quote', inputFile(dma07)]).code).toBe(2);
			expect(run(['balance']).code).toBe(2);
			expect(run(['balance', join(dir, 'missing.json')]).code).toBe(3);
			expect(run(['balance', inputFile('{not json')]).code).toBe(3);
		},
		SLOW
	);
});
