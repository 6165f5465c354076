/**
 * The IWA standard water-balance table as boxes: five levels from the system input on the
 * left to revenue / non-revenue water on the right, seven component rows. The screen draws
 * it with rowspans and the spreadsheet with merged cells, from this one layout.
 * Values are m³; null where unknown (an incomplete balance), never 0.
 */
import { m } from '#lib/paraglide/messages.js';
import type { Balance } from '#lib/domain/water-balance/balance.ts';

export interface IwaFigures {
	systemInput: number | null;
	billedMetered: number | null;
	billedUnmetered: number | null;
	unbilledMetered: number | null;
	unbilledUnmetered: number | null;
}

export interface IwaBox {
	key: string;
	/** Level 0–4, left to right. */
	col: number;
	/** First component row 0–6, and how many rows the box spans. */
	row: number;
	span: number;
	/** Columns the box covers (real losses spans levels 2 and 3). */
	cols: number;
	label: (o?: { locale?: 'vi' | 'en' }) => string;
	value: number | null;
}

const sum = (...xs: (number | null)[]) =>
	xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x as number), 0);
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** The boxes of the table; derived sums only where every term is known. */
export function iwaBoxes(k: IwaFigures, r: Balance | null): IwaBox[] {
	const billed = sum(k.billedMetered, k.billedUnmetered);
	const unbilled = sum(k.unbilledMetered, k.unbilledUnmetered);
	const authorized = r?.authorized ?? sum(billed, unbilled);
	const revenue = r?.revenueWater ?? billed;
	const box = (
		key: string,
		col: number,
		row: number,
		span: number,
		label: (inputs: object, options: { locale?: 'vi' | 'en' }) => string,
		value: number | null,
		cols = 1
	): IwaBox => ({ key, col, row, span, cols, label: (o) => label({}, o ?? {}), value });
	return [
		box('siv', 0, 0, 7, m.nrw_iwa_siv, k.systemInput),
		box('authorized', 1, 0, 4, m.nrw_iwa_authorized, authorized),
		box(
			'waterLosses',
			1,
			4,
			3,
			m.nrw_iwa_water_losses,
			r?.waterLosses ?? minus(k.systemInput, authorized)
		),
		box('billedAuthorized', 2, 0, 2, m.nrw_iwa_billed_authorized, billed),
		box('unbilledAuthorized', 2, 2, 2, m.nrw_iwa_unbilled_authorized, unbilled),
		box('apparent', 2, 4, 2, m.nrw_iwa_apparent, r?.apparentLosses ?? null),
		box('realLosses', 2, 6, 1, m.nrw_iwa_real, r?.realLosses ?? null, 2),
		box('billedMetered', 3, 0, 1, m.nrw_iwa_billed_metered, k.billedMetered),
		box('billedUnmetered', 3, 1, 1, m.nrw_iwa_billed_unmetered, k.billedUnmetered),
		box('unbilledMetered', 3, 2, 1, m.nrw_iwa_unbilled_metered, k.unbilledMetered),
		box('unbilledUnmetered', 3, 3, 1, m.nrw_iwa_unbilled_unmetered, k.unbilledUnmetered),
		box('unauthorized', 3, 4, 1, m.nrw_iwa_unauthorized, r?.unauthorized ?? null),
		box('meterInaccuracy', 3, 5, 1, m.nrw_iwa_meter_inaccuracy, r?.meterInaccuracy ?? null),
		box('revenueWater', 4, 0, 2, m.nrw_iwa_revenue, revenue),
		box('nrw', 4, 2, 5, m.nrw_iwa_nrw, r?.nrw ?? minus(k.systemInput, revenue))
	];
}
