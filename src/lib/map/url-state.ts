import { customerCategories, styleModes, type StyleMode } from './styles.ts';

/**
 * The map's filters and style, kept in the page's query string (?style=&category=&ward=&zone=
 * &route=) so a link reopens the same view. The same comma lists are the tile URL's query.
 */
export interface MapFilters {
	category: string[];
	ward: number[];
	zone: number[];
	route: number[];
}

export interface MapUrlState {
	style: StyleMode;
	filters: MapFilters;
}

export const emptyFilters = (): MapFilters => ({ category: [], ward: [], zone: [], route: [] });

const ids = (value: string | null): number[] =>
	(value ?? '')
		.split(',')
		.map((s) => Number(s))
		.filter((n) => Number.isInteger(n) && n > 0);

/** Reads the state from a query string; anything unknown or malformed is dropped. */
export function parseMapState(params: Pick<URLSearchParams, 'get'>): MapUrlState {
	const style = params.get('style');
	const categories = new Set<string>(customerCategories);
	return {
		style: styleModes.includes(style as StyleMode) ? (style as StyleMode) : 'category',
		filters: {
			category: (params.get('category') ?? '').split(',').filter((c) => categories.has(c)),
			ward: ids(params.get('ward')),
			zone: ids(params.get('zone')),
			route: ids(params.get('route'))
		}
	};
}

/** The filters as query parameters; empty lists are left out. */
export function filterQuery(filters: MapFilters): string {
	const parts: string[] = [];
	for (const key of ['category', 'ward', 'zone', 'route'] as const)
		if (filters[key].length) parts.push(`${key}=${filters[key].join(',')}`);
	return parts.join('&');
}

/** Writes the state into a copy of `url`, keeping its hash (#view=...) and other params. */
export function withMapState(url: URL, state: MapUrlState): URL {
	const next = new URL(url);
	for (const key of ['style', 'category', 'ward', 'zone', 'route']) next.searchParams.delete(key);
	if (state.style !== 'category') next.searchParams.set('style', state.style);
	for (const key of ['category', 'ward', 'zone', 'route'] as const)
		if (state.filters[key].length) next.searchParams.set(key, state.filters[key].join(','));
	return next;
}

export const activeFilterCount = (f: MapFilters): number =>
	f.category.length + f.ward.length + f.zone.length + f.route.length;

/** Only the filters in use, as the JSON endpoints take them. */
export function compactFilters(f: MapFilters): Partial<MapFilters> {
	return Object.fromEntries(Object.entries(f).filter(([, v]) => v.length)) as Partial<MapFilters>;
}
