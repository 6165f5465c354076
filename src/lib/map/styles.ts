import type { ExpressionSpecification } from 'maplibre-gl';
import {
	consumptionClasses,
	consumptionClassLabel,
	type ConsumptionClass
} from '#lib/domain/map/consumption-class.ts';
import { m } from '#lib/paraglide/messages.js';

/**
 * Every colour the map uses for customers, in one place, with the MapLibre expression and the
 * legend of each "style by" mode. Colours are ColorBrewer-like and readable on the offline
 * grey background and on OSM-like basemaps.
 */
export const customerCategories = [
	'domestic',
	'poor_household',
	'administrative',
	'public_service',
	'production',
	'business'
] as const;
export type CustomerCategory = (typeof customerCategories)[number];

export const customerStatuses = ['active', 'suspended', 'cut_off'] as const;
export type CustomerStatus = (typeof customerStatuses)[number];

export const styleModes = ['category', 'status', 'consumption', 'overdue'] as const;
export type StyleMode = (typeof styleModes)[number];

export const categoryColors: Record<CustomerCategory, string> = {
	domestic: '#1f78b4',
	poor_household: '#6a3d9a',
	administrative: '#33a02c',
	public_service: '#b15928',
	production: '#e31a1c',
	business: '#ff7f00'
};

export const statusColors: Record<CustomerStatus, string> = {
	active: '#1b7f3b',
	suspended: '#f0a202',
	cut_off: '#b3261e'
};

// Sequential blues for 0..4, with class 0 (a zero reading) in a warning magenta: engineers
// look at zero readings first.
export const consumptionColors: Record<ConsumptionClass, string> = {
	0: '#c51b7d',
	1: '#c6dbef',
	2: '#6baed6',
	3: '#2171b5',
	4: '#08306b'
};
export const noReadingColor = '#9aa5b1';
export const overdueColors = { overdue: '#d7301f', ok: '#9aa5b1' } as const;
export const unknownColor = '#888888';

// Cells (z < 14) are aggregates, coloured once and sized by their count of customers.
export const cellColor = '#1f78b4';
export const cellRadius: ExpressionSpecification = [
	'interpolate',
	['linear'],
	['get', 'count'],
	1,
	3,
	50,
	7,
	500,
	15
];

export const categoryLabel = (c: string): string =>
	(
		({
			domestic: m.map_cat_domestic,
			poor_household: m.map_cat_poor_household,
			administrative: m.map_cat_administrative,
			public_service: m.map_cat_public_service,
			production: m.map_cat_production,
			business: m.map_cat_business
		}) as Record<string, () => string>
	)[c]?.() ?? c;

export const statusLabel = (s: string): string =>
	(
		({
			active: m.map_status_active,
			suspended: m.map_status_suspended,
			cut_off: m.map_status_cut_off
		}) as Record<string, () => string>
	)[s]?.() ?? s;

export const styleModeLabel = (mode: StyleMode): string =>
	({
		category: m.map_style_category,
		status: m.map_style_status,
		consumption: m.map_style_consumption,
		overdue: m.map_style_overdue
	})[mode]();

/** A `match` expression from value→colour pairs (MapLibre's tuple type cannot express a spread). */
function match(
	input: ExpressionSpecification,
	pairs: [string | number, string][],
	fallback: string
): ExpressionSpecification {
	return ['match', input, ...pairs.flat(), fallback] as unknown as ExpressionSpecification;
}

/** The circle-color expression of the `customers` layer for a mode. */
export function customerColor(mode: StyleMode): ExpressionSpecification {
	switch (mode) {
		case 'category':
			return match(
				['get', 'category'],
				customerCategories.map((c) => [c, categoryColors[c]]),
				unknownColor
			);
		case 'status':
			return match(
				['get', 'status'],
				customerStatuses.map((s) => [s, statusColors[s]]),
				unknownColor
			);
		case 'consumption':
			// The property is absent for customers without a reading: match falls to the default.
			return match(
				['to-number', ['get', 'consumption_class'], -1],
				consumptionClasses.map((c) => [c, consumptionColors[c]]),
				noReadingColor
			);
		case 'overdue':
			return ['case', ['==', ['get', 'overdue'], true], overdueColors.overdue, overdueColors.ok];
	}
}

export interface LegendEntry {
	color: string;
	label: string;
}

export function legendFor(mode: StyleMode): LegendEntry[] {
	switch (mode) {
		case 'category':
			return customerCategories.map((c) => ({ color: categoryColors[c], label: categoryLabel(c) }));
		case 'status':
			return customerStatuses.map((s) => ({ color: statusColors[s], label: statusLabel(s) }));
		case 'consumption':
			return [
				...consumptionClasses.map((c) => ({
					color: consumptionColors[c],
					label: consumptionClassLabel(c)
				})),
				{ color: noReadingColor, label: m.map_no_reading() }
			];
		case 'overdue':
			return [
				{ color: overdueColors.overdue, label: m.map_overdue_yes() },
				{ color: overdueColors.ok, label: m.map_overdue_no() }
			];
	}
}

// deck.gl colours are [r, g, b, a] arrays.
export type Rgba = [number, number, number, number];
export const deckColors = {
	selectionFill: [10, 110, 189, 40] as Rgba,
	selectionLine: [8, 79, 136, 230] as Rgba,
	drawLine: [230, 81, 0, 255] as Rgba,
	drawFill: [230, 81, 0, 35] as Rgba,
	measureLine: [29, 39, 51, 255] as Rgba,
	vertex: [255, 255, 255, 255] as Rgba,
	vertexLine: [29, 39, 51, 255] as Rgba,
	hover: [255, 193, 7, 255] as Rgba,
	selected: [230, 81, 0, 255] as Rgba
};
