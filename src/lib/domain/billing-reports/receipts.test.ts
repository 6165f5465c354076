import { describe, expect, it } from 'vitest';
import { pivotReceipts, type ReceiptGroup } from './receipts.ts';

const g = (
	day: string,
	method: string,
	count: number,
	amountVnd: number,
	voided = { count: 0, amountVnd: 0 }
): ReceiptGroup => ({ day, method, valid: { count, amountVnd }, voided });

describe('pivotReceipts', () => {
	it('lays groups out per day and method, with totals that leave voided receipts apart', () => {
		const { days, total } = pivotReceipts([
			g('2026-10-02', 'qr', 1, 50_000),
			g('2026-10-01', 'cash', 2, 300_000, { count: 1, amountVnd: 70_000 }),
			g('2026-10-01', 'bank_transfer', 1, 120_000),
			g('2026-10-02', 'cash', 0, 0, { count: 2, amountVnd: 10_000 })
		]);
		expect(days.map((d) => d.day)).toEqual(['2026-10-01', '2026-10-02']);
		expect(days[0].methods.cash).toEqual({ count: 2, amountVnd: 300_000 });
		expect(days[0].total).toEqual({ count: 3, amountVnd: 420_000 });
		expect(days[0].voided).toEqual({ count: 1, amountVnd: 70_000 });
		expect(days[1].total).toEqual({ count: 1, amountVnd: 50_000 });
		expect(total.methods.cash).toEqual({ count: 2, amountVnd: 300_000 });
		expect(total.methods.auto_debit).toEqual({ count: 0, amountVnd: 0 });
		expect(total.total).toEqual({ count: 4, amountVnd: 470_000 });
		expect(total.voided).toEqual({ count: 3, amountVnd: 80_000 });
	});

	it('refuses a method it does not know rather than dropping its money', () => {
		expect(() => pivotReceipts([g('2026-10-01', 'e_wallet', 1, 1)])).toThrow(/e_wallet/);
	});

	it('is empty for no groups', () => {
		const { days, total } = pivotReceipts([]);
		expect(days).toEqual([]);
		expect(total.total).toEqual({ count: 0, amountVnd: 0 });
	});
});
