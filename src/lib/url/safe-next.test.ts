import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

const origin = 'http://127.0.0.1:3000';

describe('safeNext', () => {
	it('keeps a path on this site with its query and hash', () => {
		expect(safeNext('/admin?tab=users#view=14/16.4/107.5', origin)).toBe(
			'/admin?tab=users#view=14/16.4/107.5'
		);
	});

	it('refuses other sites, however they are spelled', () => {
		for (const next of ['//evil.com', '/\\evil.com', 'https://evil.com/x', '\\\\evil.com'])
			expect(safeNext(next, origin), next).toBe('/');
	});

	it('falls back to the home page when nothing usable is given', () => {
		expect(safeNext(null, origin)).toBe('/');
		expect(safeNext('', origin)).toBe('/');
	});
});
