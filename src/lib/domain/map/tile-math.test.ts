import { describe, expect, it } from 'vitest';
import { box3857ToLonLat, boxesIntersect, tileAt, tileEnvelope3857 } from './tile-math.ts';

describe('tileAt', () => {
	it('finds the single world tile at zoom 0', () => {
		expect(tileAt(107.59, 16.46, 0)).toEqual({ z: 0, x: 0, y: 0 });
	});

	it('places central Huế in its zoom-14 tile', () => {
		// x = floor(287.59 / 360 · 16384) = 13088;
		// y = floor((1 − ln(tan 16.46° + sec 16.46°) / π) / 2 · 16384) = floor(7432.2) = 7432.
		expect(tileAt(107.59, 16.46, 14)).toEqual({ z: 14, x: 13088, y: 7432 });
	});

	it('clamps the antimeridian and the poles into the grid', () => {
		expect(tileAt(180, 89.9, 3)).toEqual({ z: 3, x: 7, y: 0 });
	});
});

describe('Web Mercator boxes', () => {
	it('gives a tile the envelope PostGIS gives it (ST_TileEnvelope)', () => {
		// select ST_TileEnvelope(1, 1, 0): BOX(0 0, 20037508.34 20037508.34)
		expect(tileEnvelope3857({ z: 1, x: 1, y: 0 })).toEqual([
			0, 0, 20037508.342789244, 20037508.342789244
		]);
	});

	it('turns metres back into degrees', () => {
		// 107.59 E, 16.46 N is (11976864.01, 1858055.33) in EPSG:3857.
		const [w, s, e, n] = box3857ToLonLat([11976864.01, 1858055.33, 11976864.01, 1858055.33]);
		expect(w).toBeCloseTo(107.59, 6);
		expect(s).toBeCloseTo(16.46, 6);
		expect([e, n]).toEqual([w, s]);
	});

	it('counts touching boxes as meeting and apart ones as not', () => {
		expect(boxesIntersect([0, 0, 1, 1], [1, 1, 2, 2])).toBe(true);
		expect(boxesIntersect([0, 0, 1, 1], [1.1, 0, 2, 1])).toBe(false);
	});
});
