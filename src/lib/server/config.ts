import * as v from 'valibot';

/**
 * Process configuration, read once from the environment and validated. A bad or missing
 * variable stops the process with a message naming it.
 */
/** A whole number between min and max, given as an environment string. */
function intVar(min: number, max: number, unit = '') {
	const range = `must be a whole number from ${min} to ${max}${unit}`;
	return v.pipe(
		v.string(),
		v.transform(Number),
		v.integer(range),
		v.minValue(min, range),
		v.maxValue(max, range)
	);
}

const envSchema = v.object({
	NODE_ENV: v.optional(v.picklist(['development', 'production', 'test']), 'production'),
	// Unset: the embedded PGlite + PostGIS database under DATA_DIR is used.
	DATABASE_URL: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
		)
	),
	DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './data'),
	// Uploaded files (attachments, import workbooks, rejected-row workbooks).
	STORAGE_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './storage'),
	// Largest attachment accepted, in MB.
	ATTACHMENT_MAX_MB: v.optional(intVar(1, 500, ' MB'), '20'),
	HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
	PORT: v.optional(intVar(0, 65535), '3000'),
	// Public origin for links and cookies, e.g. https://waterline.example.vn
	ORIGIN: v.optional(v.pipe(v.string(), v.url('must be a URL such as http://127.0.0.1:3000'))),
	// Extra basemap styles, as a JSON array of {"name","url"}: online styles are opt-in.
	BASEMAP_STYLES: v.optional(
		v.pipe(
			v.string(),
			v.rawTransform(({ dataset, addIssue, NEVER }) => {
				try {
					return JSON.parse(dataset.value) as unknown;
				} catch {
					addIssue({ message: 'must be JSON: [{"name": "…", "url": "https://…/style.json"}]' });
					return NEVER;
				}
			}),
			v.array(
				v.object({
					name: v.pipe(v.string(), v.minLength(1)),
					url: v.pipe(v.string(), v.url())
				}),
				'must be a JSON array of {"name", "url"}'
			)
		),
		'[]'
	),
	SESSION_DAYS: v.optional(intVar(1, 90, ' days'), '7'),
	// Run pg-boss workers inside the web process (a separate `npm run worker` also works).
	WORKERS_IN_PROCESS: v.optional(v.picklist(['0', '1']), '1'),
	// V8 heap cap, in MB, of the thread each import job runs in: keeps a 100k-row workbook's
	// garbage from growing the process (V8 collects late on a large machine) and the web
	// process's own heap out of reach of an import.
	IMPORT_HEAP_MB: v.optional(intVar(64, 4096, ' MB'), '128'),
	// Days of staff position history kept (live tracking replay); older day partitions are dropped.
	TRACKING_RETENTION_DAYS: v.optional(intVar(1, 3650, ' days'), '90'),
	// Generate the demo utility on an empty database (used by `npm run demo`).
	DEMO_CUSTOMERS: v.optional(intVar(1, 2_000_000)),
	// Virtual field staff the demo starts walking (scripts/sim), so the live map moves at once;
	// only with DEMO_CUSTOMERS on a demo database. `npm run demo` sets 20.
	SIM_STAFF: v.optional(intVar(0, 500))
});

export type Config = v.InferOutput<typeof envSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
	// One message per variable: stop each pipe at its first failure.
	const result = v.safeParse(envSchema, env, { abortPipeEarly: true });
	if (result.success) return result.output;
	const lines = result.issues.map((issue) => {
		const key = issue.path?.map((p) => String(p.key)).join('.') ?? '(env)';
		// Quote what was set, not the value after conversion (Number('x') is NaN).
		return `  ${key}: ${issue.message} (got ${JSON.stringify(env[key] ?? issue.input)})`;
	});
	throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
}

let cached: Config | undefined;
export function config(): Config {
	cached ??= parseConfig(process.env);
	return cached;
}
