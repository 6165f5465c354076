// `npm run bench:map -- [--customers N] [--loads N] [--frame-runs N] [--build]`
// Product: the console's map page in Debian's Chromium (WebGL in software), signed in as the
// dispatcher, on the demo-sized utility (20,000 customers, database wl_bench_20k, reused).
//  (a) time from navigation start to the first frame with customers drawn, fresh browser
//      context (empty cache) per load;
//  (b) frame times during a scripted ~7 s pan and zoom.
// Floor, in the same run and browser: a bare MapLibre map with the same offline style and first
// view, served as a static page (no console, no utility layers): (a) time to its first drawn
// frame, (b) the same pan and zoom. Prints both and their ratios.
import type { Browser } from '@playwright/test';
import { intFlag, parseFlags, runMain } from './bench/args.ts';
import { freshContext, launchChromium, viewport } from './bench/browser.ts';
import { benchDbName, ensureSeededDb } from './bench/database.ts';
import { serveFloorPage, type View } from './bench/floor-page.ts';
import {
	currentView,
	customerLayers,
	panAndZoom,
	startFrames,
	stopFrames,
	waitForFirstDraw,
	waitForIdleMap,
	watchFirstDraw
} from './bench/map-probes.ts';
import { ensureBuild, startServer } from './bench/server.ts';
import { signIn, type Session } from './bench/session.ts';
import {
	fmt,
	heading,
	printTable,
	ratio,
	summarize,
	summaryHeader,
	summaryRow,
	target
} from './bench/stats.ts';

const usage = 'npm run bench:map -- [--customers N] [--loads N] [--frame-runs N] [--build]';
// One display refresh at 60 Hz, ms: a frame longer than ~1.5 of these missed a refresh.
const refreshMs = 1000 / 60;
const visibleTargetMs = 2000;
const frameTargetMs = 33;

function options() {
	const values = parseFlags(
		{
			customers: { type: 'string', default: '20000' },
			loads: { type: 'string', default: '5' },
			'frame-runs': { type: 'string', default: '2' },
			build: { type: 'boolean', default: false }
		},
		usage
	);
	return {
		customers: intFlag('customers', values.customers, 1000, 2_000_000),
		loads: intFlag('loads', values.loads, 1, 50),
		frameRuns: intFlag('frame-runs', values['frame-runs'], 1, 10),
		build: values.build === true
	};
}

/** Which page a measurement opens: the console's map, or the bare MapLibre floor page. */
interface Target {
	label: string;
	url: string;
	session: Session | null;
	/** What counts as drawn: customers on the console, the first full frame on the floor. */
	waitFor: 'customers' | 'ready';
}

/** Opens the page in a fresh context; returns the page, its context and the first-draw time. */
async function openPage(browser: Browser, t: Target) {
	const context = await freshContext(browser, new URL(t.url).origin, t.session);
	await context.addInitScript(watchFirstDraw, t.waitFor === 'customers' ? customerLayers : []);
	const page = await context.newPage();
	await page.goto(t.url, { waitUntil: 'commit' });
	try {
		const drawn = await waitForFirstDraw(page, t.waitFor);
		const ms = t.waitFor === 'customers' ? drawn.visibleAt! : drawn.readyAt!;
		return { context, page, ms };
	} catch (error) {
		throw new Error(`${t.label}: nothing drawn at ${page.url()}`, { cause: error });
	}
}

/** (a) Page loads, alternating product and floor so neither always runs on a warmer machine. */
async function timeLoads(browser: Browser, product: Target, floor: Target, loads: number) {
	const times = { product: [] as number[], floor: [] as number[] };
	for (let i = 0; i < loads; i++)
		for (const t of i % 2 === 0 ? [product, floor] : [floor, product]) {
			const { context, ms } = await openPage(browser, t);
			(t === product ? times.product : times.floor).push(ms);
			await context.close();
		}
	return times;
}

/** (b) Frame times of the scripted pan and zoom from the page's first view, once settled. */
async function timeFrames(browser: Browser, t: Target, start: View) {
	const { context, page } = await openPage(browser, t);
	try {
		await waitForIdleMap(page);
		await startFrames(page);
		const seconds = await panAndZoom(page, start);
		return { deltas: await stopFrames(page), seconds };
	} finally {
		await context.close();
	}
}

interface FrameRuns {
	deltas: number[];
	/** Wall time of each run of the script, s. */
	seconds: number[];
}

/** Frames that missed display refreshes, as a share of the refreshes in the run. */
function droppedShare(deltas: number[]): number {
	const missed = deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / refreshMs) - 1), 0);
	return missed / (missed + deltas.length);
}

/** `firstVisit`: the untimed first load, whose tiles the server still had to build, ms. */
function reportLoads(times: { product: number[]; floor: number[] }, firstVisit: number) {
	const product = summarize(times.product);
	const floor = summarize(times.floor);
	heading(
		'(a) page load, ms from navigation start; a fresh browser context (empty cache) each time'
	);
	printTable([
		summaryHeader,
		summaryRow('console: customers drawn', product, 0),
		summaryRow('floor: bare MapLibre map drawn', floor, 0)
	]);
	console.log(
		`  console loads in order: ${times.product.map((ms) => fmt(ms, 0)).join(', ')}; these find ` +
			`the tiles in the server's cache: the first visit, which built them, took ${fmt(firstVisit, 0)}`
	);
	console.log(`  ratio console / floor: median ${ratio(product.median, floor.median)}`);
	return product;
}

function reportFrames(frames: { product: FrameRuns; floor: FrameRuns }) {
	const product = summarize(frames.product.deltas);
	const floor = summarize(frames.floor.deltas);
	heading(
		`(b) frame times during the scripted pan and zoom, ms (${viewport.width}×${viewport.height})`
	);
	printTable([
		[...summaryHeader, 'dropped'],
		[...summaryRow('console', product), `${fmt(droppedShare(frames.product.deltas) * 100)}%`],
		[
			...summaryRow('floor: bare MapLibre map', floor),
			`${fmt(droppedShare(frames.floor.deltas) * 100)}%`
		]
	]);
	console.log(
		`  ratio console / floor: median ${ratio(product.median, floor.median)}, p95 ${ratio(product.p95, floor.p95)}`
	);
	const secs = (runs: FrameRuns) => runs.seconds.map((s) => fmt(s)).join(', ');
	console.log(
		`  script wall time per run, s: console ${secs(frames.product)}; floor ${secs(frames.floor)}`
	);
	return product;
}

async function main(): Promise<void> {
	const opts = options();
	console.log(
		`bench:map — ${opts.customers} customers, ${opts.loads} loads, ${opts.frameRuns} frame runs`
	);
	const db = await ensureSeededDb(benchDbName(opts.customers), opts.customers);
	ensureBuild(opts.build);
	const server = await startServer(db.url, opts.customers);
	const browser = await launchChromium();
	let floorPage: Awaited<ReturnType<typeof serveFloorPage>> | null = null;
	try {
		const session = await signIn(server.origin, 'dieuphoi');
		console.log(`server ${server.origin}, signed in as dieuphoi; Chromium ${browser.version()}`);
		const product: Target = {
			label: 'console',
			url: `${server.origin}/`,
			session,
			waitFor: 'customers'
		};
		// A first visit, kept out of the medians: the server builds the view's tiles, and the
		// floor page takes its first view (fitted to the customers) from it.
		const first = await openPage(browser, product);
		await waitForIdleMap(first.page);
		const start = await currentView(first.page);
		await first.context.close();
		floorPage = await serveFloorPage(start);
		const floor: Target = { label: 'floor', url: floorPage.url, session: null, waitFor: 'ready' };
		console.log(
			`first view: zoom ${fmt(start.zoom, 2)} at ${start.center.map((c) => c.toFixed(4)).join(', ')}`
		);

		const loads = reportLoads(await timeLoads(browser, product, floor, opts.loads), first.ms);
		const frames: Record<'product' | 'floor', FrameRuns> = {
			product: { deltas: [], seconds: [] },
			floor: { deltas: [], seconds: [] }
		};
		for (let i = 0; i < opts.frameRuns; i++)
			for (const t of i % 2 === 0 ? [product, floor] : [floor, product]) {
				const run = await timeFrames(browser, t, start);
				const into = t === product ? frames.product : frames.floor;
				into.deltas.push(...run.deltas);
				into.seconds.push(run.seconds);
			}
		const frameSummary = reportFrames(frames);

		heading('targets');
		target(
			'customers drawn after opening the map (median)',
			loads.median <= visibleTargetMs,
			`${fmt(loads.median, 0)} ms`,
			`≤ ${visibleTargetMs} ms`
		);
		target(
			'median frame during pan and zoom',
			// Frames land on 60 Hz refreshes: two of them (33.3 ms) are the 30 fps the target means.
			frameSummary.median <= Math.max(frameTargetMs, 2 * refreshMs + 0.1),
			`${fmt(frameSummary.median)} ms`,
			`≤ ${frameTargetMs} ms, i.e. 30 fps: two 60 Hz refreshes (33.3 ms) pass`
		);
	} finally {
		await browser.close();
		await floorPage?.close();
		await server.stop();
	}
}

runMain(main);
