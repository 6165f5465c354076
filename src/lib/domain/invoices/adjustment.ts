/**
 * What an adjustment invoice bills: the signed difference between the corrected bill and the
 * bill as it stands (the original plus its earlier adjustments). Integer VND, m³.
 */
export interface BillAmounts {
	consumptionM3: number;
	waterVnd: number;
	vatVnd: number;
	envFeeVnd: number;
	drainageVnd: number;
	drainageVatVnd: number;
}

const keys = ['waterVnd', 'vatVnd', 'envFeeVnd', 'drainageVnd', 'drainageVatVnd'] as const;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The bill as it stands: the original with each live adjustment added. */
export function standingBill(original: BillAmounts, adjustments: BillAmounts[]): BillAmounts {
	const sum = { ...original };
	for (const a of adjustments) {
		sum.consumptionM3 = round3(sum.consumptionM3 + a.consumptionM3);
		for (const k of keys) sum[k] += a[k];
	}
	return sum;
}

export function difference(corrected: BillAmounts, standing: BillAmounts): BillAmounts {
	const d = {
		consumptionM3: round3(corrected.consumptionM3 - standing.consumptionM3)
	} as BillAmounts;
	for (const k of keys) d[k] = corrected[k] - standing[k];
	return d;
}

export const totalOf = (a: BillAmounts) => keys.reduce((s, k) => s + a[k], 0);

/** Whether an adjustment would change nothing. */
export const isEmpty = (a: BillAmounts) => a.consumptionM3 === 0 && keys.every((k) => a[k] === 0);
