/**
 * The billing summary (tổng hợp hóa đơn) of a period: the database groups invoices per route
 * and tariff category; this adds each route's subtotal and the grand total. Money is integer
 * VND; volumes are m³ with 3 decimals, added as whole litres so 0.1 + 0.2 stays 0.3.
 */
export const summaryMeasures = [
	'invoices',
	'adjustments',
	'consumptionM3',
	'waterVnd',
	'vatVnd',
	'envFeeVnd',
	'drainageVnd',
	'drainageVatVnd',
	'totalVnd'
] as const;
export type SummaryMeasure = (typeof summaryMeasures)[number];
export type SummaryFigures = Record<SummaryMeasure, number>;

export interface SummaryRow extends SummaryFigures {
	routeId: number | null;
	routeCode: string | null;
	routeName: string | null;
	/** The tariff code the invoices were billed under (null on bills made before codes). */
	categoryCode: string | null;
}

export interface SummaryRoute {
	routeId: number | null;
	routeCode: string | null;
	routeName: string | null;
	categories: SummaryRow[];
	subtotal: SummaryFigures;
}

export interface BillingSummary {
	routes: SummaryRoute[];
	total: SummaryFigures;
}

export const emptyFigures = (): SummaryFigures => ({
	invoices: 0,
	adjustments: 0,
	consumptionM3: 0,
	waterVnd: 0,
	vatVnd: 0,
	envFeeVnd: 0,
	drainageVnd: 0,
	drainageVatVnd: 0,
	totalVnd: 0
});

/** m³ (3 decimals, a number or numeric text) as whole litres. */
export const litres = (m3: number | string): number => Math.round(Number(m3) * 1000);

/** Adds figures; m³ go through litres so the sum of 3-decimal volumes stays exact. */
export function addFigures(rows: Iterable<SummaryFigures>): SummaryFigures {
	const sum = emptyFigures();
	let volume = 0;
	for (const row of rows) {
		for (const k of summaryMeasures) if (k !== 'consumptionM3') sum[k] += row[k];
		volume += litres(row.consumptionM3);
	}
	sum.consumptionM3 = volume / 1000;
	return sum;
}

/**
 * Groups route × category rows, in the order given (the query sorts by route code, then
 * category), into routes with subtotals, and the grand total.
 */
export function groupSummary(rows: readonly SummaryRow[]): BillingSummary {
	const routes: SummaryRoute[] = [];
	for (const row of rows) {
		let route = routes.at(-1);
		if (!route || route.routeId !== row.routeId) {
			route = {
				routeId: row.routeId,
				routeCode: row.routeCode,
				routeName: row.routeName,
				categories: [],
				subtotal: emptyFigures()
			};
			routes.push(route);
		}
		route.categories.push(row);
	}
	for (const route of routes) route.subtotal = addFigures(route.categories);
	return { routes, total: addFigures(rows) };
}
