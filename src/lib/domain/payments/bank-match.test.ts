import { describe, expect, it } from 'vitest';
import { dedupeKey, matchAmount, scanCustomerCode } from './bank-match.ts';

describe('customer code in a transfer description', () => {
	it('finds KH and 8 digits, tolerating case, spaces and one separator', () => {
		expect(scanCustomerCode('NGUYEN VAN A CK tien nuoc KH00001234 T10')).toEqual({
			kind: 'one',
			code: 'KH00001234'
		});
		expect(scanCustomerCode('tien nuoc kh 0000 1234')).toEqual({ kind: 'one', code: 'KH00001234' });
		expect(scanCustomerCode('MA KH-00001234.')).toEqual({ kind: 'one', code: 'KH00001234' });
		expect(scanCustomerCode('kh:00001234,kh00001234')).toEqual({ kind: 'one', code: 'KH00001234' });
	});

	it('does not take a longer number, a shorter one, or a code glued to a word', () => {
		expect(scanCustomerCode('KH000012345')).toEqual({ kind: 'none' });
		expect(scanCustomerCode('KH0001234')).toEqual({ kind: 'none' });
		expect(scanCustomerCode('PKH00001234')).toEqual({ kind: 'none' });
		expect(scanCustomerCode(null)).toEqual({ kind: 'none' });
	});

	it('reports two different codes', () => {
		expect(scanCustomerCode('KH00000001 va KH00000002')).toEqual({
			kind: 'many',
			codes: ['KH00000001', 'KH00000002']
		});
	});
});

describe('amount match', () => {
	it('accepts the whole balance or one open invoice', () => {
		expect(matchAmount(350_000, 350_000, [100_000, 250_000])).toEqual({ ok: true });
		expect(matchAmount(250_000, 350_000, [100_000, 250_000])).toEqual({ ok: true });
	});

	it('names the expected amounts when it differs', () => {
		const r = matchAmount(300_000, 350_000, [100_000, 250_000]);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.reason).toMatch(/^số tiền khác: cần 350\.000\s₫ \(tổng nợ\)/);
			expect(r.reason).toContain('100.000');
		}
	});

	it('refuses a customer who owes nothing', () => {
		expect(matchAmount(100, 0, [])).toEqual({
			ok: false,
			reason: 'khách hàng không còn nợ hóa đơn nào'
		});
	});
});

describe('dedupe key', () => {
	it('is the reference, date and amount; the description only without a reference', () => {
		const a = { bankRef: 'ft2629', bookedOn: '2026-11-02', amountVnd: 5, description: 'x' };
		expect(dedupeKey(a)).toBe(dedupeKey({ ...a, bankRef: ' FT2629 ', description: 'y' }));
		expect(dedupeKey(a)).not.toBe(dedupeKey({ ...a, amountVnd: 6 }));
		const b = { ...a, bankRef: null };
		expect(dedupeKey(b)).not.toBe(dedupeKey({ ...b, description: 'y' }));
		expect(dedupeKey(b)).toBe(dedupeKey({ ...b, description: ' X ' }));
	});
});
