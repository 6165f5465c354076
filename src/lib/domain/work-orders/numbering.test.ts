import { describe, expect, it } from 'vitest';
import { parseNumber, requestNumber, workOrderNumber } from './numbering.ts';

describe('order and request numbers', () => {
	it('pads the yearly sequence to six digits and grows past a million', () => {
		expect(workOrderNumber(2026, 123)).toBe('PCT-2026-000123');
		expect(requestNumber(2026, 1)).toBe('YC-2026-000001');
		expect(workOrderNumber(2026, 1_234_567)).toBe('PCT-2026-1234567');
	});
	it('reads a number back and rejects other shapes', () => {
		expect(parseNumber('PCT', 'PCT-2026-000123')).toEqual({ year: 2026, seq: 123 });
		expect(parseNumber('PCT', 'YC-2026-000123')).toBeNull();
		expect(parseNumber('PCT', 'PCT-2026-123')).toBeNull();
		expect(() => workOrderNumber(2026, 0)).toThrow();
	});
});
