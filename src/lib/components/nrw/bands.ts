/**
 * The colour bands of the NRW map and tables. NRW %: below 15 % is Vietnam's national target
 * (Decision 2147/QĐ-TTg), then 15–25, 25–35 and 35 % or more. ILI: the World Bank Institute
 * bands for developing countries (A < 4, B < 8, C < 16, D ≥ 16), as the balance computes them.
 * Shared by the map, its legend, the tables and the spreadsheet so they always agree.
 */
export type Metric = 'nrw' | 'ili';

export interface Band {
	key: string;
	/** Lower bound (inclusive); the next band's lower bound is this one's upper bound. */
	from: number;
	to: number | null;
	color: string;
}

export const nrwTargetPct = 15;

export const nrwBands: Band[] = [
	{ key: 'target', from: 0, to: 15, color: '#2e9d57' },
	{ key: '15_25', from: 15, to: 25, color: '#f2c94c' },
	{ key: '25_35', from: 25, to: 35, color: '#f2994a' },
	{ key: '35_up', from: 35, to: null, color: '#d64545' }
];

export const iliBands: Band[] = [
	{ key: 'A', from: 0, to: 4, color: '#2e9d57' },
	{ key: 'B', from: 4, to: 8, color: '#f2c94c' },
	{ key: 'C', from: 8, to: 16, color: '#f2994a' },
	{ key: 'D', from: 16, to: null, color: '#d64545' }
];

/** Zones without a complete balance: grey, hatched on the map, never coloured as 0. */
export const incompleteColor = '#a7adb5';

export const bandsOf = (metric: Metric) => (metric === 'ili' ? iliBands : nrwBands);

/** The band a value falls in; negative values (bad data) fall in the first band's colour. */
export function bandFor(metric: Metric, value: number): Band {
	const bands = bandsOf(metric);
	return bands.findLast((b) => value >= b.from) ?? bands[0];
}

/** The MapLibre fill colour: a step over the feature's metric, grey when incomplete. */
export function fillColorExpression(metric: Metric): unknown {
	const bands = bandsOf(metric);
	const property = metric === 'ili' ? 'ili' : 'nrwPct';
	const step: unknown[] = ['step', ['to-number', ['get', property]], bands[0].color];
	for (const b of bands.slice(1)) step.push(b.from, b.color);
	return ['case', ['!', ['get', 'complete']], incompleteColor, step];
}

export const parseMetric = (raw: string | null): Metric => (raw === 'ili' ? 'ili' : 'nrw');
