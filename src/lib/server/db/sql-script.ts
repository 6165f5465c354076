import { sql, type Kysely } from 'kysely';

/**
 * Splits a SQL script into statements at top-level semicolons, keeping dollar-quoted bodies
 * ($$ … $$) and quoted strings whole. Needed because the driver sends each query as a
 * prepared statement, which holds exactly one command.
 */
export function splitSqlScript(script: string): string[] {
	const statements: string[] = [];
	let current = '';
	let dollarTag: string | null = null;
	let inQuote = false;
	for (let i = 0; i < script.length; i++) {
		const ch = script[i];
		if (dollarTag) {
			if (script.startsWith(dollarTag, i)) {
				current += dollarTag;
				i += dollarTag.length - 1;
				dollarTag = null;
			} else current += ch;
			continue;
		}
		if (inQuote) {
			current += ch;
			if (ch === "'") inQuote = false;
			continue;
		}
		if (ch === "'") inQuote = true;
		if (ch === '-' && script[i + 1] === '-') {
			const end = script.indexOf('\n', i);
			i = end === -1 ? script.length : end;
			current += '\n';
			continue;
		}
		if (ch === '$') {
			const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
			if (tag) {
				dollarTag = tag;
				current += tag;
				i += tag.length - 1;
				continue;
			}
		}
		if (ch === ';') {
			if (current.trim()) statements.push(current.trim());
			current = '';
			continue;
		}
		current += ch;
	}
	if (current.trim()) statements.push(current.trim());
	return statements;
}

/** Runs a multi-statement SQL script, statement by statement, on `db` (use a transaction). */
export async function runSqlScript(db: Kysely<unknown>, script: string): Promise<void> {
	for (const statement of splitSqlScript(script)) await sql.raw(statement).execute(db);
}
