import { describe, expect, it } from 'vitest';
import { listQueryString, narrowedRoute, parseListQuery } from './list-query.ts';

const parse = (qs: string) => parseListQuery(new URLSearchParams(qs));

describe('parseListQuery', () => {
	it('has defaults', () => {
		expect(parse('')).toEqual({
			ok: true,
			value: { tab: 'all', q: '', sort: 'code', dir: 'asc', page: 1, filters: [] }
		});
	});

	it('reads filter rows with typed values', () => {
		const r = parse(
			'f=category.eq.domestic&f=status.ne.active&f=route.eq.12&f=created.gte.2026-01-31'
		);
		expect(r.ok && r.value.filters).toEqual([
			{ column: 'category', op: 'eq', value: 'domestic' },
			{ column: 'status', op: 'ne', value: 'active' },
			{ column: 'route', op: 'eq', value: 12 },
			{ column: 'created', op: 'gte', value: '2026-01-31' }
		]);
		expect(r.ok && narrowedRoute(r.value.filters)).toBe(12);
	});

	it('refuses unknown columns, operators, values, and SQL in values', () => {
		expect(parse('f=name.eq.x')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/^f: /)
		});
		expect(parse('f=category.gte.domestic').ok).toBe(false);
		expect(parse("f=category.eq.domestic' or 1=1--").ok).toBe(false);
		expect(parse('f=route.eq.1;drop table customer').ok).toBe(false);
		expect(parse('f=created.gte.2026-02-30').ok).toBe(false);
		expect(parse('sort=password').ok).toBe(false);
		expect(parse('page=0').ok).toBe(false);
		expect(parse('tab=robots').ok).toBe(false);
	});

	it('round-trips through the URL', () => {
		const qs = '?tab=organization&q=hu%E1%BA%BF&sort=name&dir=desc&page=3&f=ward.ne.4';
		const r = parse(qs.slice(1));
		if (!r.ok) throw new Error(r.message);
		expect(listQueryString(r.value)).toBe(qs);
		expect(listQueryString(r.value, { page: 1, filters: [] })).toBe(
			'?tab=organization&q=hu%E1%BA%BF&sort=name&dir=desc'
		);
	});
});
