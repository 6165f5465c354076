import { getContext, setContext } from 'svelte';
import type { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * The deck.gl overlay is shared by every tool on the map (selection, drawing, measuring,
 * highlights). Each tool owns a named slot of layers; the overlay always draws all slots, in
 * the order they were first set, so one tool never clears another's layers.
 */
export class DeckLayers {
	#overlay: MapLibreOverlay | null = null;
	#slots = new Map<string, Layer[]>();

	attach(overlay: MapLibreOverlay | null) {
		this.#overlay = overlay;
		this.#flush();
	}

	set(slot: string, layers: Layer[]) {
		this.#slots.set(slot, layers);
		this.#flush();
	}

	/** Puts deck's layers back on top, after the page added map layers (e.g. on style load). */
	restack() {
		this.#flush();
	}

	clear(slot: string) {
		if (this.#slots.delete(slot)) this.#flush();
	}

	#flush() {
		this.#overlay?.setProps({ layers: [...this.#slots.values()].flat() });
	}
}

// String keys: other map components (and Map.svelte's original contract) use 'map'.
const mapKey = 'map';
const deckKey = 'deck';

export function provideMap(get: () => MapLibreMap | null, deck: DeckLayers) {
	setContext(mapKey, get);
	setContext(deckKey, deck);
}

/** The map of the enclosing Map.svelte; null until its first style has loaded. */
export const useMap = (): (() => MapLibreMap | null) => getContext(mapKey);
export const useDeck = (): DeckLayers => getContext(deckKey);
