import { describe, expect, it } from 'vitest';
import { addFigures, emptyFigures, groupSummary, litres, type SummaryRow } from './summary.ts';

const row = (routeId: number, categoryCode: string, f: Partial<SummaryRow> = {}): SummaryRow => ({
	...emptyFigures(),
	routeId,
	routeCode: `T${routeId}`,
	routeName: `Tuyến ${routeId}`,
	categoryCode,
	...f
});

describe('groupSummary', () => {
	it('groups rows into routes with subtotals and a grand total', () => {
		const rows = [
			row(1, 'SH', { invoices: 3, consumptionM3: 30.1, waterVnd: 300, vatVnd: 15, totalVnd: 315 }),
			row(1, 'KD', { invoices: 1, consumptionM3: 0.2, waterVnd: 50, envFeeVnd: 5, totalVnd: 55 }),
			row(2, 'SH', {
				invoices: 2,
				adjustments: 1,
				consumptionM3: -1.5,
				drainageVnd: 20,
				drainageVatVnd: 2,
				totalVnd: 22
			})
		];
		const s = groupSummary(rows);
		expect(s.routes.map((r) => [r.routeCode, r.categories.length])).toEqual([
			['T1', 2],
			['T2', 1]
		]);
		expect(s.routes[0].subtotal).toEqual({
			...emptyFigures(),
			invoices: 4,
			consumptionM3: 30.3,
			waterVnd: 350,
			vatVnd: 15,
			envFeeVnd: 5,
			totalVnd: 370
		});
		expect(s.total.totalVnd).toBe(392);
		expect(s.total.consumptionM3).toBe(28.8);
		expect(s.total.adjustments).toBe(1);
	});

	it('keeps a route without a code (null) as its own group', () => {
		const s = groupSummary([{ ...row(1, 'SH'), routeId: null, routeCode: null }]);
		expect(s.routes).toHaveLength(1);
		expect(s.routes[0].routeCode).toBeNull();
	});

	it('is empty with zero totals for no rows', () => {
		expect(groupSummary([])).toEqual({ routes: [], total: emptyFigures() });
	});
});

describe('volumes', () => {
	it('add 3-decimal m³ exactly, from numbers or numeric text', () => {
		expect(0.1 + 0.2).not.toBe(0.3);
		const sum = addFigures([
			{ ...emptyFigures(), consumptionM3: 0.1 },
			{ ...emptyFigures(), consumptionM3: 0.2 }
		]);
		expect(sum.consumptionM3).toBe(0.3);
		expect(litres('12345678.901')).toBe(12_345_678_901);
		expect(litres('-2.5')).toBe(-2500);
	});
});
