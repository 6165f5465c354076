/**
 * What the office entry grid shows beside each customer of a route: the average of the last
 * 3 actual consumptions, the notices a clerk must see before typing (meter replaced this
 * period, supply suspended or cut off, a preferential tariff category), and the search that
 * jumps to a customer. Volumes m³.
 */
import { foldVi } from '../customers/customer-input.ts';
import { mean } from './anomalies.ts';
import { m3 } from './meter-index.ts';

/** Categories billed at a preferential (lower or flat) price. */
export const preferentialCategories = [
	'poor_household',
	'administrative',
	'public_service'
] as const;
export type PreferentialCategory = (typeof preferentialCategories)[number];

export type GridNotice =
	| { kind: 'replaced'; oldFinalIndex: number | null; newInitialIndex: number | null }
	| { kind: 'suspended' }
	| { kind: 'cut_off' }
	| { kind: 'preferential'; category: PreferentialCategory };

export interface NoticeSource {
	status: 'active' | 'suspended' | 'cut_off';
	category: string;
	replacement_id: number | null;
	old_final_index: number | null;
	new_initial_index: number | null;
}

export function gridNotices(row: NoticeSource): GridNotice[] {
	const notices: GridNotice[] = [];
	if (row.replacement_id !== null)
		notices.push({
			kind: 'replaced',
			oldFinalIndex: row.old_final_index,
			newInitialIndex: row.new_initial_index
		});
	if (row.status === 'suspended' || row.status === 'cut_off') notices.push({ kind: row.status });
	if ((preferentialCategories as readonly string[]).includes(row.category))
		notices.push({ kind: 'preferential', category: row.category as PreferentialCategory });
	return notices;
}

/** The mean of the last 3 actual consumptions to 3 decimals, null without any. */
export function averageM3(history: readonly number[]): number | null {
	const avg = mean(history.slice(0, 3));
	return avg === null ? null : m3(avg);
}

/** Folded text a row is searched by: code, name and meter serial. */
export function searchKey(row: { code: string; name: string; serial: string | null }): string {
	return foldVi(`${row.code} ${row.name} ${row.serial ?? ''}`);
}

/** Whether every word of the query appears in the row's key (diacritics ignored). */
export function matchesSearch(key: string, query: string): boolean {
	const words = foldVi(query).split(' ').filter(Boolean);
	return words.every((w) => key.includes(w));
}
