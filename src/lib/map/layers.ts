import type {
	ExpressionSpecification,
	LayerSpecification,
	Map as MapLibreMap,
	VectorTileSource
} from 'maplibre-gl';
import { cellColor, cellRadius, customerColor, type StyleMode } from './styles.ts';
import { filterQuery, type MapFilters } from './url-state.ts';

// Zoom at which the server stops aggregating customers (see map.repository.ts).
const detailZoom = 14;

export interface UtilityLayerOptions {
	style: StyleMode;
	filters: MapFilters;
}

function layerSpecs(style: StyleMode): LayerSpecification[] {
	return [
		{
			id: 'zones-fill',
			type: 'fill',
			source: 'zones',
			'source-layer': 'zones',
			paint: { 'fill-color': '#7fb3d5', 'fill-opacity': 0.12 }
		},
		{
			id: 'zones-line',
			type: 'line',
			source: 'zones',
			'source-layer': 'zones',
			paint: { 'line-color': '#2e6f9e', 'line-width': 1.5 }
		},
		{
			id: 'customers-cells',
			type: 'circle',
			source: 'customers',
			'source-layer': 'customers',
			maxzoom: detailZoom,
			paint: {
				'circle-color': cellColor,
				'circle-opacity': 0.55,
				'circle-radius': cellRadius,
				'circle-stroke-color': '#ffffff',
				'circle-stroke-width': 0.5
			}
		},
		{
			id: 'customers',
			type: 'circle',
			source: 'customers',
			'source-layer': 'customers',
			minzoom: detailZoom,
			paint: {
				'circle-color': customerColor(style),
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 2.5, 18, 6],
				'circle-stroke-color': '#ffffff',
				'circle-stroke-width': 1
			}
		},
		{
			id: 'master-meters',
			type: 'circle',
			source: 'master-meters',
			'source-layer': 'master_meters',
			paint: {
				'circle-color': [
					'match',
					['get', 'direction'],
					'in',
					'#0b5394',
					'#cc4125'
				] as ExpressionSpecification,
				'circle-radius': 7,
				'circle-stroke-color': '#fff',
				'circle-stroke-width': 2
			}
		}
	];
}

function tileUrl(origin: string, source: string, filters?: MapFilters): string {
	const query = filters ? filterQuery(filters) : '';
	return `${origin}/tiles/${source}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
}

const tileMaxZoom = 18;

/**
 * Adds the utility's vector-tile sources and layers (served by /tiles) to a map. Called on
 * every style load, since a basemap switch (setStyle) drops them.
 */
export function addUtilityLayers(map: MapLibreMap, origin: string, opts: UtilityLayerOptions) {
	for (const source of ['zones', 'master-meters', 'customers']) {
		if (map.getSource(source)) continue;
		map.addSource(source, {
			type: 'vector',
			tiles: [tileUrl(origin, source, source === 'customers' ? opts.filters : undefined)],
			minzoom: 0,
			// Street zooms fetch their own small tiles (1–5 kB at z17–18) rather than slicing z16
			// ones: MapLibre keeps overzoomed slices in a worker cache that a refresh does not
			// clear, so a live change would not show above the source's maxzoom.
			maxzoom: tileMaxZoom
		});
	}
	for (const layer of layerSpecs(opts.style)) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

/** Points the customers source at the filtered tiles; cells and points both follow. */
export function setCustomerFilters(map: MapLibreMap, origin: string, filters: MapFilters) {
	const source = map.getSource<VectorTileSource>('customers');
	const url = tileUrl(origin, 'customers', filters);
	if (source && source.tiles?.[0] !== url) source.setTiles([url]);
}

/** Recolours customers by a "style by" mode (data-driven paint, no tile reload). */
export function setCustomerStyle(map: MapLibreMap, style: StyleMode) {
	if (map.getLayer('customers'))
		map.setPaintProperty('customers', 'circle-color', customerColor(style));
}

export const layerGroups = {
	zones: ['zones-fill', 'zones-line'],
	customers: ['customers-cells', 'customers'],
	masterMeters: ['master-meters']
} as const;

/** Layers that answer hover and click. */
export const interactiveLayers = ['customers', 'customers-cells', 'master-meters'];
