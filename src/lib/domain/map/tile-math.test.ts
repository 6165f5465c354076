import { describe, expect, it } from 'vitest';
import { tileAt } from './tile-math.ts';

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
