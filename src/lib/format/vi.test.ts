import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatM3, formatNumber, formatVnd } from './vi.ts';

describe('vi-VN formats', () => {
	it('groups thousands with dots', () => {
		expect(formatNumber(1234567)).toBe('1.234.567');
	});

	it('formats integer VND with the đồng sign', () => {
		expect(formatVnd(125000).replace(/\s/g, ' ')).toBe('125.000 ₫');
	});

	it('keeps three decimals of m³ with a decimal comma', () => {
		expect(formatM3(12.3456)).toBe('12,346 m³');
	});

	it('shows calendar dates as dd/mm/yyyy without shifting the day', () => {
		expect(formatDate('2026-01-05')).toBe('05/01/2026');
	});

	it('shows instants in Asia/Ho_Chi_Minh', () => {
		// 17:30 UTC is 00:30 the next day in Vietnam (UTC+7).
		expect(formatDateTime('2026-11-23T17:30:00Z')).toContain('24/11/2026');
	});
});
