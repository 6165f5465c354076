/**
 * The balance CLI (contract: ../shared/domain/water-balance.md).
 *   npm run -s nrw -- balance <zone.json>
 * Prints one JSON object (the balance) on stdout and exits 0. Every other outcome prints to
 * stderr only: 1 = the input is invalid (each line names a field), 2 = usage, 3 = the file
 * cannot be read or is not JSON.
 */
import { readFileSync } from 'node:fs';
import { balance } from '../src/lib/domain/water-balance/balance.ts';
import { BalanceInputError } from '../src/lib/domain/water-balance/balance.schema.ts';

const USAGE = 'usage: npm run -s nrw -- balance <zone.json>';

function fail(code: number, message: string): never {
	process.stderr.write(`${message}\n`);
	process.exit(code);
}

function readInput(file: string): unknown {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (err) {
		fail(3, `nrw: cannot read ${file}: ${(err as Error).message}`);
	}
	try {
		return JSON.parse(text);
	} catch (err) {
		fail(3, `nrw: ${file} is not valid JSON: ${(err as Error).message}`);
	}
}

const [command, file, ...rest] = process.argv.slice(2);
if (command !== 'balance' || !file || rest.length > 0) fail(2, USAGE);
const input = readInput(file);
try {
	process.stdout.write(`${JSON.stringify(balance(input))}\n`);
} catch (err) {
	if (!(err instanceof BalanceInputError)) throw err;
	const lines = err.issues.map((issue) => `  ${issue.field}: ${issue.reason}`);
	fail(1, [`nrw: invalid input ${file}`, ...lines].join('\n'));
}
