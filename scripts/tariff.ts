/**
 * The quote CLI (contract: ../shared/domain/tariff.md).
 *   npm run -s tariff -- quote <case.json>
 * Prints one JSON object (the quote) on stdout and exits 0. Every other outcome prints to
 * stderr only: 1 = the case is invalid (each line names a field), 2 = usage, 3 = the file
 * cannot be read or is not JSON.
 */
import { readFileSync } from 'node:fs';
import { quote } from '../src/lib/domain/tariff/quote.ts';
import { TariffCaseError } from '../src/lib/domain/tariff/tariff.schema.ts';

const USAGE = 'usage: npm run -s tariff -- quote <case.json>';

function fail(code: number, message: string): never {
	process.stderr.write(`${message}\n`);
	process.exit(code);
}

function readCase(file: string): unknown {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (err) {
		fail(3, `tariff: cannot read ${file}: ${(err as Error).message}`);
	}
	try {
		return JSON.parse(text);
	} catch (err) {
		fail(3, `tariff: ${file} is not valid JSON: ${(err as Error).message}`);
	}
}

const [command, file, ...rest] = process.argv.slice(2);
if (command !== 'quote' || !file || rest.length > 0) fail(2, USAGE);
const input = readCase(file);
try {
	process.stdout.write(`${JSON.stringify(quote(input))}\n`);
} catch (err) {
	if (!(err instanceof TariffCaseError)) throw err;
	const lines = err.issues.map((issue) => `  ${issue.field}: ${issue.reason}`);
	fail(1, [`tariff: invalid case ${file}`, ...lines].join('\n'));
}
