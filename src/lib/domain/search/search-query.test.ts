import { describe, expect, it } from 'vitest';
import { escapeLike, parseSearchQuery, phoneDigits, type SearchPlan } from './search-query.ts';

function plan(q: string): SearchPlan {
	const parsed = parseSearchQuery(q);
	if (!parsed.ok || !parsed.plan) throw new Error(`no plan for ${JSON.stringify(q)}`);
	return parsed.plan;
}

describe('parseSearchQuery', () => {
	it('gives no plan for empty or blank input, and refuses more than 100 characters', () => {
		expect(parseSearchQuery('')).toEqual({ ok: true, plan: null });
		expect(parseSearchQuery('   \t ')).toEqual({ ok: true, plan: null });
		expect(parseSearchQuery('a'.repeat(100)).ok).toBe(true);
		expect(parseSearchQuery('a'.repeat(101))).toEqual({
			ok: false,
			field: 'q',
			message: 'q: at most 100 characters'
		});
	});

	it('reads a customer code in any case as a code prefix', () => {
		expect(plan('kh0000012').codePrefix).toBe('KH0000012');
		expect(plan(' KH00000123 ').codePrefix).toBe('KH00000123');
		expect(plan('khach').codePrefix).toBeNull();
	});

	it('reads phone numbers with spaces, dots and +84 as the same digits', () => {
		expect(plan('0905 123 456').phonePrefixes).toEqual(['0905123456', '+84905123456']);
		expect(plan('+84 905.123').phonePrefixes).toEqual(['0905123', '+84905123']);
		expect(plan('0084905123').phonePrefixes).toEqual(['0905123', '+84905123']);
		expect(plan('090').phonePrefixes).toEqual([]);
		expect(plan('nguyen').phonePrefixes).toEqual([]);
	});

	it('reads letters-and-digits as a meter serial prefix, upper case', () => {
		expect(plan('as2400001234').serialPrefix).toBe('AS2400001234');
		expect(plan('ZN19').serialPrefix).toBe('ZN19');
		expect(plan('nguyen').serialPrefix).toBeNull();
	});

	it('splits text into words, all to match, and keeps diacritics for SQL to fold', () => {
		const p = plan('Nguyễn Văn An,  Lê Lợi');
		expect(p.wordPatterns).toEqual(['%Nguyễn%', '%Văn%', '% An%', '% Lê%', '%Lợi%']);
		expect(p.rankText).toBe('Nguyễn Văn An Lê Lợi');
		// Decomposed input (NFD, as some keyboards send it) is composed first.
		expect(plan('Nguye\u0302\u0303n').wordPatterns).toEqual(['%Nguyễn%']);
	});

	it('ignores one-character words and words without a letter or digit', () => {
		expect(plan('a nguyen b').wordPatterns).toEqual(['%nguyen%']);
		expect(parseSearchQuery('%')).toEqual({ ok: true, plan: null });
		expect(parseSearchQuery('_ -- ;')).toEqual({ ok: true, plan: null });
	});

	it('escapes LIKE wildcards so SQL-looking input only ever matches itself', () => {
		const p = plan("'; drop table customer; --");
		expect(p.wordPatterns).toEqual(['%drop%', '%table%', '%customer%']);
		expect(plan('100%').wordPatterns).toEqual(['%100\\%%']);
		expect(plan('a_b\\c').wordPatterns).toEqual(['%a\\_b\\\\c%']);
	});
});

describe('helpers', () => {
	it('escapeLike escapes %, _ and backslash only', () => {
		expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
		expect(escapeLike('Lê Lợi')).toBe('Lê Lợi');
	});

	it('phoneDigits refuses other countries and non-numbers', () => {
		expect(phoneDigits('+14155550100')).toBeNull();
		expect(phoneDigits('09a5')).toBeNull();
		expect(phoneDigits('02343821234')).toBe('02343821234');
	});
});
