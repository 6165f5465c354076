import { describe, expect, it } from 'vitest';
import { isCurrent } from './nav.ts';

describe('isCurrent', () => {
	it('marks a menu item for its page and the pages below it, and the map only for /', () => {
		expect(isCurrent('/customers', '/customers')).toBe(true);
		expect(isCurrent('/customers/12/history', '/customers')).toBe(true);
		expect(isCurrent('/customers-old', '/customers')).toBe(false);
		expect(isCurrent('/contracts', '/customers')).toBe(false);
		expect(isCurrent('/', '/')).toBe(true);
		expect(isCurrent('/customers', '/')).toBe(false);
	});
});
