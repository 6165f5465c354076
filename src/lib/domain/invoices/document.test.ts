import { describe, expect, it } from 'vitest';
import { amountDue, amountInWords, itemLines, ratePercent, type StoredLine } from './document.ts';
import { sampleDocument } from './invoice.fixtures.ts';

describe('invoice document', () => {
	it('writes the amount in Vietnamese words, signed for reducing adjustments', () => {
		expect(amountInWords(303_600)).toBe('Ba trăm linh ba nghìn sáu trăm đồng');
		expect(amountInWords(-15_000)).toBe('Âm mười lăm nghìn đồng');
		expect(amountInWords(0)).toBe('Không đồng');
	});

	it('bills the blocks with consumption, adding up to the water amount', () => {
		const doc = sampleDocument();
		const lines = itemLines(doc);
		expect(lines.map((l) => [l.m3, l.price, l.amountVnd])).toEqual([
			[10, 8500, 85_000],
			[10, 9900, 99_000],
			[5, 16_000, 80_000]
		]);
		expect(lines.reduce((s, l) => s + l.amountVnd, 0)).toBe(doc.waterVnd);
		expect(lines[0].label).toBe('Tiền nước bậc 1 (0–10 m³)');
	});

	it('rounds prorated shares by largest remainder so they sum exactly', () => {
		const line = (block: number, days: number, share: number): StoredLine => ({
			scheduleId: days === 10 ? 'A' : 'B',
			days,
			periodDays: 30,
			block,
			from: 0,
			to: 10,
			m3: 3.333,
			price: 1000,
			amount: 3333,
			share
		});
		const lines = [line(1, 10, 1111.4), line(1, 20, 2222.6), line(2, 20, 100.5)];
		// 1111.4 + 2222.6 + 100.5 = 3434.5, rounded half-up to 3435.
		const items = itemLines({ lines, waterVnd: 3435, consumptionM3: 3.333, kind: 'regular' });
		expect(items.map((i) => i.amountVnd)).toEqual([1111, 2223, 101]);
		expect(items[0].label).toContain('A, 10/30 ngày');
		expect(items[0].m3).toBe(1.111);
	});

	it('puts an adjustment without block lines on one line', () => {
		const items = itemLines({
			lines: [],
			waterVnd: -42_500,
			consumptionM3: -5,
			kind: 'adjustment'
		});
		expect(items).toEqual([
			{ label: 'Điều chỉnh tiền nước', m3: -5, price: 8500, amountVnd: -42_500 }
		]);
	});

	it('adds the previous debt to the amount due and writes rates as percent', () => {
		expect(amountDue({ totalVnd: 303_600, previousDebtVnd: 120_000 })).toBe(423_600);
		expect(ratePercent(0.05)).toBe('5%');
		expect(ratePercent(0.08)).toBe('8%');
		expect(ratePercent(0.1)).toBe('10%');
	});
});
