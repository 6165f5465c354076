// Summaries and printing shared by the bench:* scripts. Times are milliseconds unless a
// label says otherwise.

/** Nearest-rank quantile of an ascending array (q in [0, 1]). */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil(q * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Summary {
	n: number;
	median: number;
	p95: number;
	p99: number;
	max: number;
}

export function summarize(values: readonly number[]): Summary {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		n: sorted.length,
		median: quantile(sorted, 0.5),
		p95: quantile(sorted, 0.95),
		p99: quantile(sorted, 0.99),
		max: sorted.at(-1) ?? NaN
	};
}

export function median(values: readonly number[]): number {
	return summarize(values).median;
}

/** A number with a fixed count of decimals, or '–' when there is none. */
export function fmt(value: number, decimals = 1): string {
	return Number.isFinite(value) ? value.toFixed(decimals) : '–';
}

export function ratio(product: number, floor: number): string {
	return floor > 0 ? `${(product / floor).toFixed(2)}×` : '–';
}

/** Prints rows as left-aligned columns (the first row is the header). */
export function printTable(rows: readonly (readonly string[])[], indent = '  '): void {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
	for (const row of rows)
		console.log(
			indent +
				row
					.map((cell, c) => cell.padEnd(widths[c]))
					.join('  ')
					.trimEnd()
		);
}

/** A timing summary as one table row: label, n, median, p95, p99, max. */
export function summaryRow(label: string, s: Summary, decimals = 1): string[] {
	return [
		label,
		String(s.n),
		fmt(s.median, decimals),
		fmt(s.p95, decimals),
		fmt(s.p99, decimals),
		fmt(s.max, decimals)
	];
}

export const summaryHeader = ['', 'n', 'median', 'p95', 'p99', 'max'];

/**
 * One target line: PASS or MISS with the figure and the goal. Benchmarks report misses;
 * they never fail the run for one (timings are not assertions).
 */
export function target(label: string, ok: boolean, figure: string, goal: string): void {
	console.log(`  ${ok ? 'PASS' : 'MISS'}  ${label}: ${figure} (target ${goal})`);
}

export function heading(text: string): void {
	console.log(`\n${text}`);
}
