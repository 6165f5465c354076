import { describe, expect, it } from 'vitest';
import { parsePolygon, parseSelection } from './selection.ts';

// A square of about 1.07 km × 1.11 km in Huế.
const square: [number, number][] = [
	[107.58, 16.46],
	[107.59, 16.46],
	[107.59, 16.47],
	[107.58, 16.47],
	[107.58, 16.46]
];
const poly = (ring: unknown[]) => ({ type: 'Polygon', coordinates: [ring] });

function message(input: unknown): string {
	const r = parsePolygon(input);
	if (r.ok) throw new Error('expected a refusal');
	return r.message;
}

describe('parsePolygon', () => {
	it('accepts a small closed square and keeps it as drawn', () => {
		expect(parsePolygon(poly(square))).toEqual({ ok: true, value: poly(square) });
	});

	it('closes an open ring and drops repeated positions', () => {
		const open = [square[0], square[1], square[1], square[2], square[3]];
		expect(parsePolygon(poly(open))).toEqual({ ok: true, value: poly(square) });
	});

	it('refuses what is not one GeoJSON polygon ring', () => {
		expect(message(null)).toBe('polygon: must be a GeoJSON Polygon object');
		expect(message({ type: 'MultiPolygon', coordinates: [[square]] })).toBe(
			'polygon: type must be "Polygon"'
		);
		expect(message({ type: 'Polygon', coordinates: [square, square] })).toBe(
			'polygon: must have exactly one ring (no holes)'
		);
		expect(message({ type: 'Polygon' })).toBe('polygon: coordinates must be a list of rings');
		expect(message(poly([[107.58, 16.46], 'x']))).toBe(
			'polygon: each position must be [longitude, latitude]'
		);
	});

	it('refuses non-finite and out-of-range coordinates', () => {
		expect(message(poly([[NaN, 16.46], ...square.slice(1)]))).toBe(
			'polygon: positions must be finite numbers'
		);
		expect(message(poly([[181, 16.46], ...square.slice(1)]))).toBe(
			'polygon: longitude must be between -180 and 180'
		);
		expect(message(poly([[107.58, -91], ...square.slice(1)]))).toBe(
			'polygon: latitude must be between -90 and 90'
		);
	});

	it('needs 3 distinct corners and at most 5000 positions', () => {
		expect(message(poly([square[0], square[1], square[0]]))).toBe(
			'polygon: needs at least 3 distinct corners'
		);
		const many = Array.from({ length: 5001 }, (_, k) => {
			const a = (2 * Math.PI * k) / 5001;
			return [107.58 + 0.01 * Math.cos(a), 16.46 + 0.01 * Math.sin(a)];
		});
		expect(message(poly(many))).toBe('polygon: at most 5000 positions');
		expect(parsePolygon(poly(many.slice(0, 4999))).ok).toBe(true);
	});

	it('refuses a bow tie: the ring crosses itself', () => {
		const bowTie = [square[0], square[2], square[1], square[3], square[0]];
		expect(message(poly(bowTie))).toBe('polygon: the ring crosses itself');
	});

	it('refuses a zero area and more than 2,000 km²', () => {
		const line = [
			[107.58, 16.46],
			[107.59, 16.46],
			[107.6, 16.46],
			[107.58, 16.46]
		];
		expect(message(poly(line))).toMatch(/^polygon: (the area is zero|the ring crosses itself)$/);
		// 0.5° × 0.5° at 16°N ≈ 53 km × 55 km ≈ 2,950 km².
		const big = [
			[107.3, 16.2],
			[107.8, 16.2],
			[107.8, 16.7],
			[107.3, 16.7]
		];
		expect(message(poly(big))).toMatch(/^polygon: the area is \d+ km², more than 2000 km²/);
	});
});

describe('parseSelection', () => {
	it('validates filters and drops empty lists and duplicates', () => {
		const r = parseSelection({
			polygon: poly(square),
			filters: {
				category: ['domestic', 'business', 'domestic'],
				ward: [3],
				zone: [],
				route: [1, 2]
			}
		});
		expect(r).toEqual({
			ok: true,
			value: {
				polygon: poly(square),
				filters: { category: ['domestic', 'business'], ward: [3], route: [1, 2] }
			}
		});
		expect(parseSelection({ polygon: poly(square) })).toEqual({
			ok: true,
			value: { polygon: poly(square), filters: {} }
		});
	});

	it('names the field and the reason of a bad filter', () => {
		const bad = (filters: unknown) => {
			const r = parseSelection({ polygon: poly(square), filters });
			return r.ok ? null : r.message;
		};
		expect(bad({ category: ['villa'] })).toMatch(/^filters\.category: must be one of domestic/);
		expect(bad({ ward: [0] })).toBe('filters.ward: ids must be positive');
		expect(bad({ zone: [1.5] })).toBe('filters.zone: ids must be whole numbers');
		expect(bad({ route: '1' })).toBe('filters.route: must be a list of ids');
		expect(bad({ route: Array.from({ length: 501 }, (_, k) => k + 1) })).toBe(
			'filters.route: at most 500 ids'
		);
		expect(bad('all')).toBe('filters: must be an object');
	});

	it('needs a body object with a polygon', () => {
		expect(parseSelection([])).toEqual({
			ok: false,
			message: 'body: must be a JSON object with polygon and filters'
		});
		expect(parseSelection({})).toEqual({ ok: false, message: 'polygon: required' });
	});
});
