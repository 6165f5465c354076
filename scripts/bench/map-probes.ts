// What bench:map does inside the page: note when the map first draws, record frame times,
// and drive the camera. Functions passed to the page run there, not in Node: they may only
// use what they receive as arguments and the page's globals.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Page } from '@playwright/test';

interface FirstDraw {
	/** ms since navigation start: the first frame in which the map had loaded its style and tiles. */
	readyAt: number | null;
	/** ms since navigation start: the first frame in which customers (cells or points) were drawn. */
	visibleAt: number | null;
}

interface FrameLog {
	deltas: number[];
	last: number | null;
	on: boolean;
}

type BenchWindow = typeof globalThis & {
	waterlineMap?: MapLibreMap;
	__firstDraw?: FirstDraw;
	__frames?: FrameLog;
};

// The customer layers the console draws: counted cells below z14, points from z14.
const customerLayers = ['customers', 'customers-cells'];

/**
 * Installed before the page's own scripts: polls the map once per animation frame. Layers
 * exist only once the style has loaded (and the console has added them), hence getLayer.
 */
export function watchFirstDraw(layerIds: string[]): void {
	const w = globalThis as BenchWindow;
	const state: FirstDraw = { readyAt: null, visibleAt: null };
	w.__firstDraw = state;
	function tick(now: number) {
		const map = w.waterlineMap;
		if (map && state.readyAt === null && map.loaded()) state.readyAt = now;
		if (map && state.visibleAt === null) {
			const layers = layerIds.filter((id) => map.getLayer(id));
			if (layers.length && map.queryRenderedFeatures({ layers }).length > 0) state.visibleAt = now;
		}
		if (state.readyAt === null || (state.visibleAt === null && layerIds.length)) {
			requestAnimationFrame(tick);
		}
	}
	requestAnimationFrame(tick);
}

/** Resolves with the first-draw times once `what` has happened (ms since navigation start). */
export async function waitForFirstDraw(
	page: Page,
	what: 'ready' | 'customers'
): Promise<FirstDraw> {
	await page.waitForFunction(
		(key: keyof FirstDraw) => (globalThis as BenchWindow).__firstDraw?.[key] != null,
		(what === 'ready' ? 'readyAt' : 'visibleAt') as keyof FirstDraw,
		{ timeout: 60_000, polling: 50 }
	);
	return page.evaluate(() => (globalThis as BenchWindow).__firstDraw!);
}

export { customerLayers };

/** Until every tile in view has loaded and been drawn. */
export async function waitForIdleMap(page: Page): Promise<void> {
	await page.waitForFunction(
		() => {
			const map = (globalThis as BenchWindow).waterlineMap;
			return Boolean(map && map.loaded() && map.areTilesLoaded());
		},
		undefined,
		{ timeout: 60_000, polling: 100 }
	);
}

export function startFrames(page: Page): Promise<void> {
	return page.evaluate(() => {
		const w = globalThis as BenchWindow;
		const log: FrameLog = { deltas: [], last: null, on: true };
		w.__frames = log;
		function tick(now: number) {
			if (!log.on) return;
			if (log.last !== null) log.deltas.push(now - log.last);
			log.last = now;
			requestAnimationFrame(tick);
		}
		requestAnimationFrame(tick);
	});
}

/** Stops recording; the time between consecutive animation frames, ms. */
export function stopFrames(page: Page): Promise<number[]> {
	return page.evaluate(() => {
		const log = (globalThis as BenchWindow).__frames!;
		log.on = false;
		return log.deltas;
	});
}

export async function currentView(page: Page) {
	return page.evaluate(() => {
		const map = (globalThis as BenchWindow).waterlineMap!;
		const { lng, lat } = map.getCenter();
		return { center: [lng, lat] as [number, number], zoom: map.getZoom() };
	});
}

type Camera = {
	kind: 'easeTo' | 'flyTo';
	center?: [number, number];
	zoom?: number;
	duration: number;
};

/**
 * One camera animation, resolved when the map reports the move ended. It starts once the
 * previous move (a drag's inertia) has ended: starting earlier would stop that move, whose
 * moveend would then be taken for this animation's.
 */
function animate(page: Page, camera: Camera): Promise<void> {
	return page.evaluate(
		({ kind, ...options }) =>
			new Promise<void>((resolve) => {
				const map = (globalThis as BenchWindow).waterlineMap!;
				function start() {
					map.once('moveend', () => resolve());
					map[kind](options);
				}
				if (map.isMoving()) map.once('moveend', start);
				else start();
			}),
		camera
	);
}

/**
 * A mouse drag across the map lasting `ms`, a move every ~16 ms as a hand would (dx, dy in CSS
 * px). Positions follow the clock, so a busy machine sends fewer moves, not a longer drag.
 */
async function drag(page: Page, from: [number, number], dx: number, dy: number, ms = 700) {
	await page.mouse.move(...from);
	await page.mouse.down();
	const started = performance.now();
	for (let t = 0; t < 1; t = (performance.now() - started) / ms) {
		await page.mouse.move(from[0] + dx * t, from[1] + dy * t);
		await page.waitForTimeout(16);
	}
	await page.mouse.move(from[0] + dx, from[1] + dy);
	await page.mouse.up();
}

/**
 * The scripted pan and zoom, ~7 s (returns its wall time, s): eased pans and zooms, a fly in to street level (where the
 * customers switch from cells to points), drags, and back to the first view.
 */
export async function panAndZoom(
	page: Page,
	start: { center: [number, number]; zoom: number }
): Promise<number> {
	const began = performance.now();
	const middle: [number, number] = [640, 420];
	const [lon, lat] = start.center;
	const degreesPerScreen = 360 / 2 ** start.zoom; // ~ one 256 px tile width, in degrees
	await animate(page, { kind: 'easeTo', center: [lon + degreesPerScreen, lat], duration: 1000 });
	await animate(page, { kind: 'easeTo', zoom: start.zoom + 1.5, duration: 1000 });
	await drag(page, middle, -300, 120);
	await animate(page, {
		kind: 'flyTo',
		center: start.center,
		zoom: Math.max(15, start.zoom + 3),
		duration: 1500
	});
	await drag(page, middle, 250, -150);
	await drag(page, middle, -200, -100);
	await animate(page, { kind: 'easeTo', center: start.center, zoom: start.zoom, duration: 1000 });
	return (performance.now() - began) / 1000;
}
