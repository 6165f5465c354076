// Command-line parsing shared by the bench:* scripts: a bad flag stops the run with a message
// that names it, before anything slow (seeding, building) starts.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

/** parseArgs with unknown flags and stray positionals reported as usage errors. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
	options: T,
	usage: string
) {
	try {
		return parseArgs({ options, strict: true, allowPositionals: false }).values;
	} catch (error) {
		throw new UsageError(`${(error as Error).message}\nusage: ${usage}`);
	}
}

/** A whole number flag within [min, max]; `1_000_000`, `1e6` and `1000000` are all accepted. */
export function intFlag(name: string, raw: string | undefined, min: number, max: number): number {
	const value = Number(String(raw).replaceAll('_', ''));
	if (!Number.isInteger(value) || value < min || value > max)
		throw new UsageError(
			`--${name}: must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`
		);
	return value;
}

/** A database name the bench may create and drop: lower case, digits and underscores only. */
export function dbNameFlag(raw: string): string {
	if (!/^wl_bench_[a-z0-9_]+$/.test(raw))
		throw new UsageError(
			`--db: must look like wl_bench_<name> (lower case, digits, _), got ${JSON.stringify(raw)}; ` +
				'the prefix keeps the bench from dropping anyone else’s database'
		);
	return raw;
}

/**
 * Runs a bench's main function and prints its wall time; usage errors print without a stack
 * and exit 2, other errors exit 1.
 */
export function runMain(main: () => Promise<void>): void {
	const started = performance.now();
	main().then(
		() => {
			console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);
			process.exit(0);
		},
		(error: unknown) => {
			if (error instanceof UsageError) {
				console.error(error.message);
				process.exit(2);
			}
			console.error(error);
			process.exit(1);
		}
	);
}
