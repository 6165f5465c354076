import { describe, expect, it } from 'vitest';
import { withParams } from './query-href.ts';

describe('withParams', () => {
	it('sets and removes parameters, keeping the others', () => {
		expect(withParams('?days=30&zone=2&page=3', { page: '4' })).toBe('?days=30&zone=2&page=4');
		expect(withParams('?days=30&page=3&serial=AB', { page: null, serial: null })).toBe('?days=30');
		expect(withParams('', { page: null })).toBe('?');
	});
});
