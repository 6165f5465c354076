import { describe, expect, it } from 'vitest';
import { utilityDate } from './utility-date.ts';

describe('utility date', () => {
	it('turns the day over at midnight in Vietnam (UTC+7), not in UTC', () => {
		expect(utilityDate(new Date('2026-11-23T16:59:59Z'))).toBe('2026-11-23');
		expect(utilityDate(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
	});
});
