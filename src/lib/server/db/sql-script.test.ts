import { describe, expect, it } from 'vitest';
import { splitSqlScript } from './sql-script.ts';

describe('splitSqlScript', () => {
	it('splits at top-level semicolons and drops empty statements', () => {
		expect(splitSqlScript('create table a (x int);\n\ncreate index b on a (x);;')).toEqual([
			'create table a (x int)',
			'create index b on a (x)'
		]);
	});

	it('keeps dollar-quoted function bodies whole', () => {
		const script = `create function f() returns trigger language plpgsql as $$
		begin raise exception 'no; never'; return new; end $$;
		select 1`;
		const parts = splitSqlScript(script);
		expect(parts).toHaveLength(2);
		expect(parts[0]).toContain("raise exception 'no; never'; return new; end $$");
	});

	it('keeps semicolons inside string literals and drops comments', () => {
		expect(splitSqlScript("insert into t values ('a;b'); -- trailing; comment\nselect 2")).toEqual([
			"insert into t values ('a;b')",
			'select 2'
		]);
	});
});
