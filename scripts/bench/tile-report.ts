// What bench:tiles prints after its passes: timings against the floor, sizes, feature counts,
// per-zoom medians, the slowest tiles, and the targets. Times in ms, sizes in bytes/KB.
import {
	fmt,
	heading,
	median,
	printTable,
	ratio,
	summarize,
	summaryHeader,
	summaryRow,
	target,
	type Summary
} from './stats.ts';
import type { Probe } from './tile-probe.ts';
import { maxZoom, minZoom } from './tile-set.ts';

export interface TileRun {
	probe: Probe;
	httpMs: number;
	/** The floor: the endpoint's SQL as a prepared statement, as Kysely sends it. */
	floorMs: number;
	/** The same SQL unprepared: a custom plan on every run. */
	unpreparedMs: number;
	/** A bare node:http round trip with the same body size (set after the cold pass). */
	bareHttpMs?: number;
	/** Body size as served, bytes. */
	bytes: number;
	features: number;
	etag: string | null;
	/** Whether the endpoint's body equals the floor's bytea (it runs the same SQL). */
	sameAsFloor: boolean;
}

export interface WarmResult {
	plain: Summary;
	conditional: Summary;
	notModified: number;
}

// Targets (see the brief for the map console): endpoint overhead, latency, tile weight.
const maxRatio = 1.3;
const p95TargetMs = 50;
const featureCap = 10_000;
const maxTileBytes = 500 * 1024;

const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

function printTimings(runs: TileRun[], warm: WarmResult): void {
	const http = summarize(runs.map((r) => r.httpMs));
	const floor = summarize(runs.map((r) => r.floorMs));
	const unprepared = summarize(runs.map((r) => r.unpreparedMs));
	heading(
		'cold pass (ms): each tile requested once, so the in-process tile cache answers none of them;\n' +
			'PostgreSQL buffers warmed by one untimed pass; the three sides take turns going first'
	);
	printTable([
		summaryHeader,
		summaryRow('endpoint (HTTP, cookie, cache miss)', http),
		summaryRow('floor: same SQL via postgres.js, prepared', floor),
		summaryRow('same SQL via postgres.js, unprepared', unprepared)
	]);
	console.log(
		`  ratio endpoint / floor: median ${ratio(http.median, floor.median)}, p95 ${ratio(http.p95, floor.p95)}` +
			` (vs unprepared: median ${ratio(http.median, unprepared.median)}, p95 ${ratio(http.p95, unprepared.p95)})`
	);
	// A fixed cost per request dominates the ratio on light tiles: show it in ms as well.
	const overhead = median(runs.map((r) => r.httpMs - r.floorMs));
	console.log(`  endpoint − floor per tile: median ${fmt(overhead)} ms`);
	const bare = summarize(runs.map((r) => r.bareHttpMs ?? 0));
	const sqlPlusHttp = summarize(runs.map((r) => r.floorMs + (r.bareHttpMs ?? 0)));
	console.log('  where the fixed cost goes (same client, same body sizes, no database):');
	printTable([
		summaryHeader,
		summaryRow('bare HTTP round trip (node:http)', bare),
		summaryRow('floor + bare HTTP, per tile', sqlPlusHttp)
	]);
	console.log(
		`  ratio endpoint / (floor + bare HTTP): median ${ratio(http.median, sqlPlusHttp.median)}, ` +
			`p95 ${ratio(http.p95, sqlPlusHttp.p95)}; what the console adds per tile: median ` +
			`${fmt(median(runs.map((r) => r.httpMs - r.floorMs - (r.bareHttpMs ?? 0))))} ms`
	);
	heading('warm pass (ms): the same set again, answered from the in-process tile cache');
	printTable([
		summaryHeader,
		summaryRow('endpoint, plain GET (200)', warm.plain),
		summaryRow('endpoint, If-None-Match (304)', warm.conditional)
	]);
	const setMb = runs.reduce((sum, r) => sum + r.bytes, 0) / 2 ** 20;
	console.log(
		`  304 Not Modified: ${warm.notModified} of ${runs.length}; the set weighs ${fmt(setMb)} MB ` +
			'(repeats of a set larger than the cache budget are partly rebuilt)'
	);
}

function printSizes(runs: TileRun[]): void {
	const bytes = summarize(runs.map((r) => r.bytes));
	const features = summarize(runs.map((r) => r.features));
	heading('tile contents');
	console.log(
		`  bytes per tile:    median ${kb(bytes.median)}, p95 ${kb(bytes.p95)}, max ${kb(bytes.max)}`
	);
	console.log(
		`  features per tile: median ${features.median}, p95 ${features.p95}, max ${features.max}`
	);
	for (const r of runs.filter((r) => r.bytes > maxTileBytes))
		console.log(`  OVER 500 KB: ${r.probe.path} ${kb(r.bytes)}, ${r.features} features`);
	const differing = runs.filter((r) => !r.sameAsFloor);
	console.log(
		`  endpoint bodies identical to the floor's: ${runs.length - differing.length} of ${runs.length}`
	);
	// Same SQL, same rows: a difference means build/ runs older code, or an unordered encoding.
	if (differing.length)
		console.log(
			`  note: differing, e.g. ${differing
				.slice(0, 3)
				.map((r) => r.probe.path)
				.join(', ')} (build/ older than src/? --build rebuilds)`
		);
}

function printPerZoom(runs: TileRun[]): void {
	heading('per zoom (medians; ms, KB)');
	const rows = [
		['zoom', 'n', 'endpoint', 'floor', 'ratio', 'unprepared', 'size', 'features', 'max features']
	];
	for (let z = minZoom; z <= maxZoom; z++) {
		const at = runs.filter((r) => r.probe.spec.z === z);
		if (!at.length) continue;
		const http = median(at.map((r) => r.httpMs));
		const floor = median(at.map((r) => r.floorMs));
		rows.push([
			`z${z}`,
			String(at.length),
			fmt(http),
			fmt(floor),
			ratio(http, floor),
			fmt(median(at.map((r) => r.unpreparedMs))),
			fmt(median(at.map((r) => r.bytes)) / 1024),
			String(median(at.map((r) => r.features))),
			String(Math.max(...at.map((r) => r.features)))
		]);
	}
	printTable(rows);
}

function printSlowest(runs: TileRun[], count = 6): void {
	heading(`slowest ${count} tiles through the endpoint`);
	const slowest = [...runs].sort((a, b) => b.httpMs - a.httpMs).slice(0, count);
	printTable([
		['tile', 'endpoint ms', 'floor ms', 'unprepared ms', 'features', 'KB', 'customers in tile'],
		...slowest.map((r) => [
			r.probe.path,
			fmt(r.httpMs),
			fmt(r.floorMs),
			fmt(r.unpreparedMs),
			String(r.features),
			fmt(r.bytes / 1024),
			String(r.probe.spec.customers)
		])
	]);
}

function printTargets(runs: TileRun[]): void {
	const http = summarize(runs.map((r) => r.httpMs));
	const floor = summarize(runs.map((r) => r.floorMs));
	const light = summarize(runs.filter((r) => r.features <= featureCap).map((r) => r.httpMs));
	const largest = Math.max(...runs.map((r) => r.bytes));
	heading('targets');
	target(
		'endpoint median vs floor median',
		http.median <= maxRatio * floor.median,
		ratio(http.median, floor.median),
		`≤ ${maxRatio}×`
	);
	target(
		`endpoint p95, tiles with ≤ ${featureCap} features (n = ${light.n})`,
		light.p95 <= p95TargetMs,
		`${fmt(light.p95)} ms`,
		`≤ ${p95TargetMs} ms`
	);
	target('largest tile', largest <= maxTileBytes, kb(largest), '≤ 500 KB');
}

export function reportTiles(runs: TileRun[], warm: WarmResult): void {
	printTimings(runs, warm);
	printSizes(runs);
	printPerZoom(runs);
	printSlowest(runs);
	printTargets(runs);
}
