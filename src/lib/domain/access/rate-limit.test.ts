import { describe, expect, it } from 'vitest';
import { signInLimits, signInRetryAfter } from './rate-limit.ts';

const now = new Date('2026-11-23T08:00:00Z');

describe('signInRetryAfter', () => {
	it('allows sign-in below the limits', () => {
		expect(signInRetryAfter({ byUser: 4, byIp: 19, oldestAt: now }, now)).toBeNull();
	});

	it('blocks a username after five failures until the window passes', () => {
		const oldestAt = new Date(now.getTime() - 5 * 60_000);
		expect(
			signInRetryAfter({ byUser: signInLimits.maxFailuresPerUser, byIp: 5, oldestAt }, now)
		).toBe(10 * 60);
	});

	it('blocks an address that tries many usernames', () => {
		expect(signInRetryAfter({ byUser: 0, byIp: 20, oldestAt: now }, now)).toBe(15 * 60);
	});
});
