import { describe, expect, it } from 'vitest';
import * as q from './rational.ts';

describe('rational', () => {
	it('reads numbers from their decimal form exactly', () => {
		expect(q.toFraction(q.fromNumber(0.1))).toBe('1/10');
		expect(q.toFraction(q.fromNumber(12.345))).toBe('2469/200');
		expect(q.toFraction(q.fromNumber(1e-7))).toBe('1/10000000');
		expect(q.toFraction(q.fromNumber(1e21))).toBe('1000000000000000000000');
		expect(q.toFraction(q.fromNumber(-2.5))).toBe('-5/2');
		expect(() => q.fromNumber(Number.NaN)).toThrow(RangeError);
	});

	it('adds 0.1 and 0.2 to exactly 0.3', () => {
		expect(q.add(q.fromNumber(0.1), q.fromNumber(0.2))).toEqual(q.fromNumber(0.3));
	});

	it('rounds half-up, halves away from zero', () => {
		expect(q.roundHalfUp(q.rational(5n, 2n))).toBe(3n);
		expect(q.roundHalfUp(q.rational(7264000n, 30n))).toBe(242133n);
		expect(q.roundHalfUp(q.rational(-5n, 2n))).toBe(-3n);
		expect(q.roundHalfUp(q.rational(-7n, 3n))).toBe(-2n);
		expect(q.roundHalfUp(q.fromNumber(365.5))).toBe(366n);
	});

	it('compares, orders and converts back', () => {
		expect(q.compare(q.rational(1n, 3n), q.rational(2n, 6n))).toBe(0);
		expect(q.min(q.fromNumber(2), q.fromNumber(1.5))).toEqual(q.fromNumber(1.5));
		expect(q.max(q.fromNumber(2), q.fromNumber(1.5))).toEqual(q.fromNumber(2));
		expect(q.div(q.fromNumber(1), q.fromNumber(4))).toEqual(q.fromNumber(0.25));
		expect(q.toNumber(q.fromNumber(23215.5))).toBe(23215.5);
		expect(q.toNumber(q.rational(-1n, 4n))).toBe(-0.25);
		expect(q.parseFraction('140800/3')).toEqual(q.rational(140800n, 3n));
	});
});
