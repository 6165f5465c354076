/**
 * The quote CLI end to end: spawns `node --import tsx scripts/tariff.ts` (and once the npm
 * script) on case files and checks stdout, stderr and the exit code (tariff.md's contract).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { quote } from './quote.ts';
import { hanoiCase, hcmcCase } from './tariff.fixtures.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tariff-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function caseFile(content: unknown): string {
	const file = join(dir, `case-${++files}.json`);
	writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
	return file;
}

function run(
	args: string[],
	command = process.execPath,
	prefix = ['--import', 'tsx', 'scripts/tariff.ts']
) {
	const result = spawnSync(command, [...prefix, ...args], { cwd: root, encoding: 'utf8' });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SLOW = 60_000; // each run starts Node and tsx

describe('npm run tariff -- quote', () => {
	it(
		'prints one JSON object for a valid case and exits 0',
		() => {
			const input = hcmcCase({
				customer: { category: 'SH', households: 1, persons: 4 },
				consumption: 30
			});
			const { code, stdout, stderr } = run(['quote', caseFile(input)]);
			expect(stderr).toBe('');
			expect(code).toBe(0);
			expect(stdout.trim().split('\n')).toHaveLength(1);
			const printed = JSON.parse(stdout);
			expect(printed).toMatchObject({
				water: 296800,
				vat: 14840,
				envFee: 0,
				drainage: 89040,
				drainageVat: 8904,
				total: 409584
			});
			expect(printed).toEqual(quote(input));
		},
		SLOW
	);

	it(
		'prints only the JSON through the npm script and with-node.sh',
		() => {
			const { code, stdout } = run(['-s', 'tariff', '--', 'quote', caseFile(hanoiCase())], 'npm', [
				'run'
			]);
			expect(code).toBe(0);
			expect(JSON.parse(stdout)).toMatchObject({ water: 264000, total: 303600 });
		},
		SLOW
	);

	it(
		'exits 1 for an invalid case, naming the field on stderr',
		() => {
			const blocks = [
				{ upTo: 10, price: 8500 },
				{ upTo: 5, price: 9900 },
				{ upTo: null, price: 1 }
			];
			const schedule = {
				id: 'X',
				effectiveFrom: '2024-01-01',
				vatRate: 0.05,
				categories: { SH: { basis: 'household', blocks } }
			};
			const { code, stdout, stderr } = run([
				'quote',
				caseFile(hanoiCase({ schedules: [schedule] }))
			]);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(stderr).toContain('schedules[0].categories.SH.blocks[1].upTo');
		},
		SLOW
	);

	it(
		'exits 1 for an unknown category and for negative consumption',
		() => {
			const unknown = run([
				'quote',
				caseFile(hanoiCase({ customer: { category: 'NOPE', households: 1, persons: 1 } }))
			]);
			expect([unknown.code, unknown.stdout]).toEqual([1, '']);
			expect(unknown.stderr).toContain('customer.category');
			const negative = run(['quote', caseFile(hanoiCase({ consumption: -5 }))]);
			expect([negative.code, negative.stdout]).toEqual([1, '']);
			expect(negative.stderr).toContain('consumption');
		},
		SLOW
	);

	it(
		'exits 3 with a clear message when the file is missing or not JSON',
		() => {
			const missing = run(['quote', join(dir, 'nowhere.json')]);
			expect([missing.code, missing.stdout]).toEqual([3, '']);
			expect(missing.stderr).toMatch(/cannot read .*nowhere\.json/);
			const broken = run(['quote', caseFile('{"schedules": [')]);
			expect([broken.code, broken.stdout]).toEqual([3, '']);
			expect(broken.stderr).toMatch(/is not valid JSON/);
		},
		SLOW
	);

	it(
		'prints the usage and exits 2 for an unknown subcommand or a missing file argument',
		() => {
			for (const args of [['price', 'case.json'], ['quote'], []]) {
				const { code, stdout, stderr } = run(args);
				expect([code, stdout]).toEqual([2, '']);
				expect(stderr).toContain('usage: npm run -s tariff -- quote <case.json>');
			}
		},
		SLOW
	);
});
