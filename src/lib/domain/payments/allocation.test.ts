import { describe, expect, it } from 'vitest';
import { allocate, balanceOf, oldestFirst, type OpenInvoice } from './allocation.ts';

const inv = (id: number, periodMonth: string, totalVnd: number, paidVnd = 0): OpenInvoice => ({
	id,
	periodMonth,
	issuedOn: periodMonth.slice(0, 8) + '28',
	totalVnd,
	paidVnd
});

describe('allocation oldest first', () => {
	const sept = inv(2, '2026-09-01', 120_000, 20_000);
	const oct = inv(1, '2026-10-01', 250_000);

	it('pays the older period first, whatever order the invoices come in', () => {
		const { allocations, leftVnd } = allocate([{ key: 'new', amountVnd: 150_000 }], [oct, sept]);
		expect(allocations).toEqual([
			{ source: 'new', invoiceId: 2, amountVnd: 100_000 },
			{ source: 'new', invoiceId: 1, amountVnd: 50_000 }
		]);
		expect(leftVnd.get('new')).toBe(0);
	});

	it('keeps an overpayment as credit on its source', () => {
		const { allocations, leftVnd } = allocate([{ key: 'new', amountVnd: 400_000 }], [oct, sept]);
		expect(allocations.map((a) => a.amountVnd)).toEqual([100_000, 250_000]);
		expect(leftVnd.get('new')).toBe(50_000);
	});

	it('applies older credit before new money, and skips invoices owing nothing', () => {
		const paid = inv(3, '2026-08-01', 90_000, 90_000);
		const creditNote = { ...inv(4, '2026-07-01', -30_000), id: 4 };
		const { allocations, leftVnd } = allocate(
			[
				{ key: 'credit', amountVnd: 30_000 },
				{ key: 'new', amountVnd: 500_000 }
			],
			[oct, sept, paid, creditNote]
		);
		expect(allocations).toEqual([
			{ source: 'credit', invoiceId: 2, amountVnd: 30_000 },
			{ source: 'new', invoiceId: 2, amountVnd: 70_000 },
			{ source: 'new', invoiceId: 1, amountVnd: 250_000 }
		]);
		expect(leftVnd.get('new')).toBe(180_000);
	});

	it('orders by period, then issue date, then id', () => {
		const a = { ...inv(9, '2026-10-01', 1), issuedOn: '2026-10-30' };
		const b = { ...inv(8, '2026-10-01', 1), issuedOn: '2026-10-30' };
		const c = { ...inv(7, '2026-10-01', 1), issuedOn: '2026-11-02' };
		expect(oldestFirst([c, a, b]).map((i) => i.id)).toEqual([8, 9, 7]);
	});

	it('refuses fractions and negative money', () => {
		expect(() => allocate([{ key: 1, amountVnd: 10.5 }], [oct])).toThrow(/whole/);
		expect(() => allocate([{ key: 1, amountVnd: -1 }], [oct])).toThrow(/non-negative/);
	});

	it('computes the balance as outstanding minus credit', () => {
		expect(balanceOf([oct, sept], 0)).toBe(350_000);
		expect(balanceOf([oct, sept], 400_000)).toBe(-50_000);
	});
});
