import { describe, expect, it } from 'vitest';
import { documentNumber, documentYear, parseDocumentNumber } from './numbering.ts';

describe('collection document numbers', () => {
	it('formats remittances BK- and receipts BN- with at least 6 digits', () => {
		expect(documentNumber('remittance', 2026, 1)).toBe('BK-2026-000001');
		expect(documentNumber('receipt', 2027, 1_234_567)).toBe('BN-2027-1234567');
		expect(() => documentNumber('receipt', 2026, 0)).toThrow();
		expect(() => documentNumber('receipt', 1999, 1)).toThrow();
	});

	it('formats payment receipts PT- (phiếu thu), the shape the receipt table checks', () => {
		expect(documentNumber('payment', 2026, 7)).toBe('PT-2026-000007');
		expect(parseDocumentNumber('payment', 'PT-2026-000007')).toEqual({ year: 2026, seq: 7 });
		expect(parseDocumentNumber('payment', 'BN-2026-000007')).toBeNull();
	});

	it('parses its own numbers only', () => {
		expect(parseDocumentNumber('remittance', 'BK-2026-000042')).toEqual({ year: 2026, seq: 42 });
		expect(parseDocumentNumber('receipt', 'BK-2026-000042')).toBeNull();
		expect(parseDocumentNumber('receipt', 'BN-2026-42')).toBeNull();
	});

	it('takes the year in Asia/Ho_Chi_Minh (UTC+7)', () => {
		expect(documentYear(new Date('2026-12-31T16:59:59Z'))).toBe(2026);
		expect(documentYear(new Date('2026-12-31T17:00:00Z'))).toBe(2027);
	});
});
