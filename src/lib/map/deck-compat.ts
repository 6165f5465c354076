import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * @deck.gl/mapbox 9.4 reads MapLibre's private `map.transform` (viewport height, terrain
 * elevation, near/far planes) on every interleaved frame, and MapLibre 6 removed it
 * (visgl/deck.gl#10501); deck.gl's fix lives in the separate @deck.gl/maplibre package, which
 * this project does not ship yet. Until it does, the map gets a read-only `transform` with
 * just what deck.gl reads, from MapLibre's public API. The near/far planes come from the
 * custom-layer render arguments, which MapLibre ≥ 4.5.1 passes, so they are left undefined.
 */
export function exposeTransformForDeck(map: MapLibreMap): void {
	if ('transform' in map) return; // MapLibre ≤ 5 still has its own.
	Object.defineProperty(map, 'transform', {
		configurable: true,
		get: () => ({
			// CSS pixels, as MapLibre 5's transform.height was.
			height: map.getCanvas().clientHeight,
			elevation: map.getCenterElevation()
		})
	});
}
