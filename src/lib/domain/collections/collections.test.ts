import { describe, expect, it } from 'vitest';
import { checkAmount, totalsByMethod } from './collections.ts';

describe('checkAmount', () => {
	it('accepts whole đồng up to 1 tỷ, from numbers or vi-VN grouped text', () => {
		expect(checkAmount(150_000)).toEqual({ ok: true, amountVnd: 150_000 });
		expect(checkAmount('150.000')).toEqual({ ok: true, amountVnd: 150_000 });
		expect(checkAmount('1 000 000')).toEqual({ ok: true, amountVnd: 1_000_000 });
		expect(checkAmount(1_000_000_000)).toEqual({ ok: true, amountVnd: 1_000_000_000 });
	});

	it.each([
		[0, 'lớn hơn 0'],
		[-5000, 'lớn hơn 0'],
		[1_000_000_001, 'không được quá'],
		[1500.5, 'số nguyên'],
		['150,5', 'số nguyên'],
		['abc', 'phải là một số'],
		[null, 'phải là một số'],
		[Number.NaN, 'phải là một số']
	])('refuses %s', (value, reason) => {
		const result = checkAmount(value);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toContain(reason);
	});

	it('refuses a negative number as not above zero', () => {
		expect(checkAmount(-1)).toEqual({ ok: false, reason: 'số tiền phải lớn hơn 0 đồng' });
	});
});

describe('totalsByMethod', () => {
	it('adds integer VND per method and in all, from numbers or int8 strings', () => {
		expect(
			totalsByMethod([
				{ method: 'cash', amountVnd: 100_000 },
				{ method: 'qr', amountVnd: '250000' },
				{ method: 'cash', amountVnd: 50_000 },
				{ method: 'bank_transfer', amountVnd: 1_000_000_000 }
			])
		).toEqual({
			cash: 150_000,
			bank_transfer: 1_000_000_000,
			qr: 250_000,
			total: 1_000_400_000,
			count: 4
		});
	});

	it('takes grouped rows with their counts', () => {
		expect(
			totalsByMethod([
				{ method: 'cash', amountVnd: '300000', count: '3' },
				{ method: 'qr', amountVnd: 20_000, count: 1 }
			])
		).toMatchObject({ total: 320_000, count: 4, cash: 300_000 });
	});

	it('is all zeros for nothing, and refuses an unknown method', () => {
		expect(totalsByMethod([])).toEqual({ cash: 0, bank_transfer: 0, qr: 0, total: 0, count: 0 });
		expect(() => totalsByMethod([{ method: 'cheque', amountVnd: 1 }])).toThrow(/cheque/);
	});
});
