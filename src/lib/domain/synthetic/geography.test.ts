import { describe, expect, it } from 'vitest';
import { generateAll } from './chunk.ts';
import { wardCountFor, zoneCountFor } from './geography.ts';
import { apportion, splitByWeight } from './grid.ts';
import type { MultiPolygonGeometry, PointGeometry } from './types.ts';
import { createWorld } from './world.ts';

/** Bounds of an axis-aligned rectangle polygon; fails when the polygon is anything else. */
function rectBounds(geom: MultiPolygonGeometry) {
	expect(geom.coordinates).toHaveLength(1);
	const ring = geom.coordinates[0][0];
	expect(ring).toHaveLength(5);
	expect(ring[0]).toEqual(ring[4]);
	const lons = ring.map((p) => p[0]);
	const lats = ring.map((p) => p[1]);
	const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
	for (const [x, y] of ring) {
		expect([w, e]).toContain(x);
		expect([s, n]).toContain(y);
	}
	return { w, e, s, n };
}

const strictlyInside = (p: PointGeometry, b: ReturnType<typeof rectBounds>) =>
	p.coordinates[0] > b.w &&
	p.coordinates[0] < b.e &&
	p.coordinates[1] > b.s &&
	p.coordinates[1] < b.n;

const onBoundary = (p: PointGeometry, b: ReturnType<typeof rectBounds>) => {
	const [x, y] = p.coordinates;
	const inX = x >= b.w && x <= b.e;
	const inY = y >= b.s && y <= b.n;
	return ((x === b.w || x === b.e) && inY) || ((y === b.s || y === b.n) && inX);
};

describe('geography', () => {
	const world = createWorld({ customers: 20_000, seed: 11 });
	const all = generateAll(world);

	it('scales zones (10–40) and wards with the number of connections', () => {
		expect(zoneCountFor(2_000)).toBe(10);
		expect(zoneCountFor(20_000)).toBe(20);
		expect(zoneCountFor(1_000_000)).toBe(40);
		expect(wardCountFor(1_000_000)).toBeGreaterThanOrEqual(30);
		expect(wardCountFor(1_000_000)).toBeLessThanOrEqual(40);
		expect(world.geo.zones).toHaveLength(20);
		expect(world.geo.wards.length).toBeGreaterThanOrEqual(8);
	});

	it('tiles the service area with zones and with wards, without overlap', () => {
		const { cols, rows } = world.geo.grid;
		for (const parts of [world.geo.zones, world.geo.wards]) {
			const hits = new Int32Array(cols * rows);
			for (const { rect } of parts)
				for (let r = rect.r0; r < rect.r1; r++)
					for (let c = rect.c0; c < rect.c1; c++) hits[r * cols + c]++;
			expect(hits.every((h) => h === 1)).toBe(true);
		}
	});

	it('puts one province around Huế with unique five-digit ward codes', () => {
		expect(world.geo.province).toEqual({ id: 1, code: '46', name: 'Thành phố Huế' });
		const codes = world.geo.wards.map((w) => w.code);
		expect(new Set(codes).size).toBe(codes.length);
		for (const w of world.geo.wards) {
			expect(w.code).toMatch(/^[0-9]{5}$/);
			expect(['phuong', 'xa', 'dac_khu']).toContain(w.kind);
		}
		const b = rectBounds(world.geo.zones[0].geom);
		expect(Math.abs(b.s - 16.46)).toBeLessThan(0.1);
		expect(Math.abs(b.w - 107.59)).toBeLessThan(0.1);
	});

	it('places every customer strictly inside its ward and its zone polygon', () => {
		const wardBounds = world.geo.wards.map((w) => rectBounds(w.geom));
		const zoneBounds = world.geo.zones.map((z) => rectBounds(z.geom));
		for (const c of all.customers) {
			expect(strictlyInside(c.geom, wardBounds[c.wardId - 1])).toBe(true);
			expect(strictlyInside(c.geom, zoneBounds[c.zoneId - 1])).toBe(true);
		}
		// And in no other zone.
		const c = all.customers[5000];
		expect(zoneBounds.filter((b) => strictlyInside(c.geom, b))).toHaveLength(1);
	});

	it('sets master meters on their zone boundary, mostly inlets of DN 100–400', () => {
		const zoneBounds = world.geo.zones.map((z) => rectBounds(z.geom));
		for (const m of world.masterMeters) {
			expect(onBoundary(m.geom, zoneBounds[m.zoneId - 1])).toBe(true);
			expect(m.sizeMm).toBeGreaterThanOrEqual(100);
			expect(m.sizeMm).toBeLessThanOrEqual(400);
		}
		const out = world.masterMeters.filter((m) => m.direction === 'out');
		expect(out.length).toBeGreaterThan(0);
		expect(out.length).toBeLessThan(world.masterMeters.length / 4);
		for (const m of out) {
			const target = /xuất sang (DMA-\d+)/.exec(m.name)?.[1];
			const neighbour = world.geo.zones.find((z) => z.code === target);
			expect(neighbour && neighbour.id !== m.zoneId).toBe(true);
			expect(onBoundary(m.geom, zoneBounds[neighbour!.id - 1])).toBe(true);
		}
		for (const z of world.geo.zones)
			expect(world.masterMeters.some((m) => m.zoneId === z.id && m.direction === 'in')).toBe(true);
		expect(new Set(world.masterMeters.map((m) => m.serial)).size).toBe(world.masterMeters.length);
	});

	it('marks some zones lossy and most efficient, by seed', () => {
		const lossy = world.geo.zones.filter((z) => z.lossy);
		expect(lossy.length).toBeGreaterThanOrEqual(3);
		expect(lossy.length).toBeLessThan(world.geo.zones.length / 2);
		for (const z of world.geo.zones)
			expect(z.baseLoss).toSatisfy((l: number) =>
				z.lossy ? l >= 0.3 && l <= 0.45 : l >= 0.08 && l <= 0.12
			);
		const other = createWorld({ customers: 20_000, seed: 12 });
		expect(other.geo.zones.map((z) => z.lossy)).not.toEqual(world.geo.zones.map((z) => z.lossy));
	});
});

describe('grid helpers', () => {
	it('splitByWeight makes non-empty contiguous parts of similar weight', () => {
		expect(splitByWeight([1, 1, 1, 1, 1, 1], 3)).toEqual([0, 2, 4, 6]);
		expect(splitByWeight([0, 0, 10, 0, 0], 3)).toEqual([0, 2, 3, 5]);
		expect(splitByWeight([5], 4)).toEqual([0, 1]);
	});

	it('apportion keeps the total and each share near its target', () => {
		const shares = apportion(Float64Array.from([1.5, 1.5, 2.25, 0.75]), 6);
		expect(shares.reduce((a, b) => a + b, 0)).toBe(6);
		shares.forEach((s, i) => expect(Math.abs(s - [1.5, 1.5, 2.25, 0.75][i])).toBeLessThan(1));
	});
});
