import { describe, expect, it } from 'vitest';
import {
	addDays,
	formatInvoiceNumber,
	invoiceSeries,
	invoiceYear,
	isCalendarDate,
	seriesParts
} from './numbering.ts';

describe('invoice numbering', () => {
	it('builds the series from prefix, the issue year and suffix', () => {
		expect(invoiceSeries('1C', '2026-12-31', 'TWL')).toBe('1C26TWL');
		expect(invoiceSeries('1C', '2027-01-01', 'TWL')).toBe('1C27TWL');
		expect(invoiceSeries('2C', '2105-03-01', 'DAB')).toBe('2C05DAB');
	});

	it('splits the series into the form digit and the six-character symbol', () => {
		expect(seriesParts('1C26TWL')).toEqual({ form: '1', symbol: 'C26TWL' });
		expect(() => seriesParts('1C6TWL')).toThrow();
	});

	it('pads numbers to 8 digits and refuses what does not fit', () => {
		expect(formatInvoiceNumber(1)).toBe('00000001');
		expect(formatInvoiceNumber(99_999_999)).toBe('99999999');
		expect(() => formatInvoiceNumber(100_000_000)).toThrow();
		expect(() => formatInvoiceNumber(0)).toThrow();
		expect(() => formatInvoiceNumber(1.5)).toThrow();
	});

	it('reads years and adds days across month and year ends', () => {
		expect(invoiceYear('2027-01-01')).toBe(2027);
		expect(addDays('2026-12-25', 15)).toBe('2027-01-09');
		expect(addDays('2028-02-20', 9)).toBe('2028-02-29');
		expect(addDays('2026-03-01', 0)).toBe('2026-03-01');
		expect(isCalendarDate('2026-02-30')).toBe(false);
		expect(() => invoiceYear('2026-13-01')).toThrow();
	});
});
