import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { deckColors, type Rgba } from './styles.ts';

export type LonLat = [number, number];

/** The map tool that owns the pointer; 'none' leaves hover and click-to-inspect on. */
export type Tool = 'none' | 'distance' | 'area' | 'polygon' | 'lasso';

// A second click within this many screen pixels of the last vertex is the double-click's
// echo (the browser sends click, click, dblclick), not a new vertex.
const echoPx = 4;

/**
 * Click-to-add-vertex drawing shared by the measure and polygon-selection tools. Double-click
 * or Enter finishes, Esc cancels, Backspace removes the last vertex. While attached, the map's
 * double-click zoom is off so the double-click only closes the shape.
 */
export class VertexDrawing {
	points = $state<LonLat[]>([]);
	cursor = $state<LonLat | null>(null);
	finished = $state(false);

	constructor(
		private readonly minPoints: number,
		private readonly onfinish: (points: LonLat[]) => void = () => {}
	) {}

	attach(map: MapLibreMap): () => void {
		const click = (e: MapMouseEvent) => {
			if (this.finished) this.reset();
			const last = this.points.at(-1);
			if (last && map.project(last).dist(e.point) < echoPx) return;
			this.points = [...this.points, [e.lngLat.lng, e.lngLat.lat]];
		};
		const dblclick = (e: MapMouseEvent) => {
			e.preventDefault();
			this.finish();
		};
		const move = (e: MapMouseEvent) => {
			this.cursor = [e.lngLat.lng, e.lngLat.lat];
		};
		const zoomWasOn = map.doubleClickZoom.isEnabled();
		map.doubleClickZoom.disable();
		map.getCanvas().style.cursor = 'crosshair';
		map.on('click', click);
		map.on('dblclick', dblclick);
		map.on('mousemove', move);
		return () => {
			map.off('click', click);
			map.off('dblclick', dblclick);
			map.off('mousemove', move);
			map.getCanvas().style.cursor = '';
			if (zoomWasOn) map.doubleClickZoom.enable();
		};
	}

	/** Handles Enter / Escape / Backspace; returns whether the key was used. */
	key(event: KeyboardEvent): boolean {
		// Typing in the search box or a filter is not drawing.
		if (event.target instanceof Element && event.target.closest('input, select, textarea'))
			return false;
		if (event.key === 'Enter' && this.points.length && !this.finished) this.finish();
		else if (event.key === 'Escape' && (this.points.length || this.finished)) this.reset();
		else if (event.key === 'Backspace' && this.points.length && !this.finished)
			this.points = this.points.slice(0, -1);
		else return false;
		return true;
	}

	finish() {
		if (this.points.length < this.minPoints) return;
		this.finished = true;
		this.cursor = null;
		this.onfinish(this.points);
	}

	reset() {
		this.points = [];
		this.finished = false;
	}

	/** The vertices plus the rubber-band point under the pointer while drawing. */
	get live(): LonLat[] {
		return this.finished || !this.cursor ? this.points : [...this.points, this.cursor];
	}
}

/** deck.gl layers for a path or polygon being drawn, with its vertices. */
export function drawingLayers(
	id: string,
	points: LonLat[],
	opts: { closed: boolean; line?: Rgba; fill?: Rgba }
): Layer[] {
	if (!points.length) return [];
	const line = opts.line ?? deckColors.drawLine;
	const layers: Layer[] = [];
	if (opts.closed && points.length >= 3)
		layers.push(
			new PolygonLayer<{ ring: LonLat[] }>({
				id: `${id}-fill`,
				data: [{ ring: points }],
				getPolygon: (d) => d.ring,
				getFillColor: opts.fill ?? deckColors.drawFill,
				getLineColor: line,
				lineWidthUnits: 'pixels',
				getLineWidth: 2,
				stroked: true
			})
		);
	else
		layers.push(
			new PathLayer<{ path: LonLat[] }>({
				id: `${id}-path`,
				data: [{ path: points }],
				getPath: (d) => d.path,
				getColor: line,
				widthUnits: 'pixels',
				getWidth: 2
			})
		);
	layers.push(
		new ScatterplotLayer<LonLat>({
			id: `${id}-vertices`,
			data: points,
			getPosition: (d) => d,
			radiusUnits: 'pixels',
			getRadius: 4,
			getFillColor: deckColors.vertex,
			getLineColor: line,
			stroked: true,
			lineWidthUnits: 'pixels',
			getLineWidth: 1.5
		})
	);
	return layers;
}
