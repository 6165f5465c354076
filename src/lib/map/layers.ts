import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';

export const customerCategoryColors: Record<string, string> = {
	domestic: '#1f78b4',
	poor_household: '#6a3d9a',
	administrative: '#33a02c',
	public_service: '#b15928',
	production: '#e31a1c',
	business: '#ff7f00'
};

// Zoom at which the server stops aggregating customers (see map.repository.ts).
const detailZoom = 14;

const layers: LayerSpecification[] = [
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
			'circle-color': '#1f78b4',
			'circle-opacity': 0.55,
			'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 1, 2, 50, 6, 500, 14]
		}
	},
	{
		id: 'customers',
		type: 'circle',
		source: 'customers',
		'source-layer': 'customers',
		minzoom: detailZoom,
		paint: {
			'circle-color': [
				'match',
				['get', 'category'],
				...Object.entries(customerCategoryColors).flat(),
				'#888'
			] as unknown as string,
			'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 2.5, 18, 6],
			'circle-stroke-color': ['match', ['get', 'status'], 'active', '#ffffff', '#b3261e'],
			'circle-stroke-width': 1
		}
	},
	{
		id: 'master-meters',
		type: 'circle',
		source: 'master-meters',
		'source-layer': 'master_meters',
		paint: {
			'circle-color': ['match', ['get', 'direction'], 'in', '#0b5394', '#cc4125'],
			'circle-radius': 7,
			'circle-stroke-color': '#fff',
			'circle-stroke-width': 2
		}
	}
];

/** Adds the utility's vector-tile sources and layers (served by /tiles) to a map. */
export function addUtilityLayers(map: MapLibreMap, origin: string): void {
	for (const source of ['zones', 'master-meters', 'customers']) {
		if (map.getSource(source)) continue;
		map.addSource(source, {
			type: 'vector',
			tiles: [`${origin}/tiles/${source}/{z}/{x}/{y}.mvt`],
			minzoom: 0,
			maxzoom: 16
		});
	}
	for (const layer of layers) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

export const layerGroups = {
	zones: ['zones-fill', 'zones-line'],
	customers: ['customers-cells', 'customers'],
	masterMeters: ['master-meters']
} as const;
