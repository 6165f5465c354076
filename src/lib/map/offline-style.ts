import type { StyleSpecification } from 'maplibre-gl';

/**
 * The default basemap: a plain background with no remote tiles, glyphs or sprites, so the
 * console works with no request leaving the machine. The utility's own layers (zones,
 * customers) are the geography. Online styles are opt-in through BASEMAP_STYLES.
 */
export const offlineStyle: StyleSpecification = {
	version: 8,
	name: 'Waterline offline',
	sources: {},
	layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }]
};
