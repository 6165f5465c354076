import { describe, expect, it } from 'vitest';
import { compactFilters, filterQuery, parseMapState, withMapState } from './url-state.ts';

describe('map URL state', () => {
	it('reads style and filters, dropping unknown categories and bad ids', () => {
		const state = parseMapState(
			new URLSearchParams('style=status&category=domestic,bogus,business&ward=3,x,-1,7&zone=2')
		);
		expect(state).toEqual({
			style: 'status',
			filters: { category: ['domestic', 'business'], ward: [3, 7], zone: [2], route: [] }
		});
	});

	it('falls back to the category style for an unknown one', () => {
		expect(parseMapState(new URLSearchParams('style=rainbow')).style).toBe('category');
	});

	it('round-trips through the URL and keeps the #view hash and other params', () => {
		const url = new URL('http://x/?lang=en#view=15/16.4/107.5');
		const state = {
			style: 'overdue' as const,
			filters: { category: ['poor_household'], ward: [], zone: [4], route: [9, 10] }
		};
		const next = withMapState(url, state);
		expect(next.hash).toBe('#view=15/16.4/107.5');
		expect(next.searchParams.get('lang')).toBe('en');
		expect(parseMapState(next.searchParams)).toEqual(state);
	});

	it('leaves the default style and empty filters out of the URL', () => {
		const url = new URL('http://x/?style=status&ward=1');
		const next = withMapState(url, {
			style: 'category',
			filters: { category: [], ward: [], zone: [], route: [] }
		});
		expect(next.search).toBe('');
	});

	it('builds the tile query and the JSON filters from the lists in use', () => {
		const filters = { category: ['domestic'], ward: [], zone: [2, 3], route: [] };
		expect(filterQuery(filters)).toBe('category=domestic&zone=2,3');
		expect(compactFilters(filters)).toEqual({ category: ['domestic'], zone: [2, 3] });
	});
});
