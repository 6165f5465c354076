// The floor page for bench:map: a bare MapLibre map with the console's offline style and the
// same first view as the console, with none of the console (no SvelteKit, no panels, no utility layers).
// Served from this process on its own port, straight from node_modules/maplibre-gl/dist.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { offlineStyle } from '../../src/lib/map/offline-style.ts';
import { root } from './server.ts';

const dist = path.join(root, 'node_modules/maplibre-gl/dist');
const types: Record<string, string> = { '.mjs': 'text/javascript', '.css': 'text/css' };

/** A camera: centre [lon, lat] in degrees and zoom, taken from the console's own first view. */
export interface View {
	center: [number, number];
	zoom: number;
}

function html(view: View): string {
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>MapLibre floor</title>
<link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>html, body { margin: 0; height: 100%; } #map { position: absolute; inset: 0; }</style>
</head><body><div id="map"></div>
<script type="module">
import * as maplibregl from '/maplibre/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/maplibre/maplibre-gl-worker.mjs');
const map = new maplibregl.Map({
	container: 'map',
	style: ${JSON.stringify(offlineStyle)},
	center: ${JSON.stringify(view.center)},
	zoom: ${view.zoom},
	attributionControl: false
});
map.addControl(new maplibregl.NavigationControl(), 'top-right');
window.waterlineMap = map;
</script></body></html>`;
}

export interface FloorPage {
	url: string;
	close(): Promise<void>;
}

export async function serveFloorPage(view: View): Promise<FloorPage> {
	const page = html(view);
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname === '/') {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
			return;
		}
		// Only plain file names from maplibre's dist folder: no path can climb out of it.
		const name = /^\/maplibre\/([\w.-]+)$/.exec(url.pathname)?.[1];
		const type = name && types[path.extname(name)];
		if (!name || !type) {
			res.writeHead(404).end();
			return;
		}
		const file = createReadStream(path.join(dist, name));
		file.on('error', () => res.writeHead(404).end());
		file.on('open', () => {
			res.writeHead(200, { 'content-type': type });
			file.pipe(res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
