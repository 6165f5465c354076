import { describe, expect, it } from 'vitest';
import { averageM3, gridNotices, matchesSearch, searchKey } from './grid.ts';

const base = {
	status: 'active' as const,
	category: 'domestic',
	replacement_id: null,
	old_final_index: null,
	new_initial_index: null
};

describe('entry grid helpers', () => {
	it('averages at most the last 3 consumptions, to 3 decimals', () => {
		expect(averageM3([10, 11, 13, 100])).toBe(11.333);
		expect(averageM3([7])).toBe(7);
		expect(averageM3([])).toBeNull();
	});

	it('gives no notice for an ordinary domestic customer', () => {
		expect(gridNotices(base)).toEqual([]);
	});

	it('notices a replaced meter with its old final and new initial index', () => {
		expect(
			gridNotices({ ...base, replacement_id: 4, old_final_index: 1234, new_initial_index: 0 })
		).toEqual([{ kind: 'replaced', oldFinalIndex: 1234, newInitialIndex: 0 }]);
	});

	it('notices suspension, cut-off and preferential categories', () => {
		expect(gridNotices({ ...base, status: 'suspended', category: 'poor_household' })).toEqual([
			{ kind: 'suspended' },
			{ kind: 'preferential', category: 'poor_household' }
		]);
		expect(gridNotices({ ...base, status: 'cut_off', category: 'public_service' })).toEqual([
			{ kind: 'cut_off' },
			{ kind: 'preferential', category: 'public_service' }
		]);
		expect(gridNotices({ ...base, category: 'administrative' })).toEqual([
			{ kind: 'preferential', category: 'administrative' }
		]);
		expect(gridNotices({ ...base, category: 'business' })).toEqual([]);
	});

	it('finds a customer by code, name without diacritics, or serial', () => {
		const key = searchKey({ code: 'KH000123', name: 'Nguyễn Thị Đào', serial: 'SN-77812' });
		expect(matchesSearch(key, 'kh000123')).toBe(true);
		expect(matchesSearch(key, 'nguyen dao')).toBe(true);
		expect(matchesSearch(key, 'Đào Thị')).toBe(true);
		expect(matchesSearch(key, '77812')).toBe(true);
		expect(matchesSearch(key, 'tran')).toBe(false);
		expect(matchesSearch(searchKey({ code: 'KH1', name: 'A', serial: null }), '')).toBe(true);
	});
});
