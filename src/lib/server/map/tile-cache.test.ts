import { describe, expect, it } from 'vitest';
import { TileCache } from './tile-cache.ts';

const tile = (bytes: number, etag = 'e') => ({ body: new Uint8Array(bytes), etag });
const box = (x: number): [number, number, number, number] => [x, 0, x + 10, 10];

describe('tile cache', () => {
	it('drops only the tiles of the changed layer that meet the changed extent', () => {
		const cache = new TileCache(1000);
		cache.set('a', 'customers', box(0), tile(10), cache.ticket('customers'));
		cache.set('b', 'customers', box(100), tile(10), cache.ticket('customers'));
		cache.set('z', 'zones', box(0), tile(10), cache.ticket('zones'));
		cache.invalidate({ layer: 'customers', extent: [5, 5, 6, 6] });
		expect(cache.get('a')).toBeUndefined();
		expect(cache.get('b')).toBeDefined();
		expect(cache.get('z')).toBeDefined();
		cache.invalidate({ layer: 'zones' });
		expect(cache.get('z')).toBeUndefined();
	});

	it('does not store a tile whose query began before a change to its layer', () => {
		const cache = new TileCache(1000);
		const ticket = cache.ticket('customers');
		cache.invalidate({ layer: 'customers', extent: [500, 500, 501, 501] });
		cache.set('a', 'customers', box(0), tile(10), ticket);
		expect(cache.get('a')).toBeUndefined();
		const before = cache.ticket('zones');
		cache.clear();
		cache.set('z', 'zones', box(0), tile(10), before);
		expect(cache.size).toBe(0);
	});

	it('evicts the least recently used tiles beyond its byte budget', () => {
		const cache = new TileCache(100);
		for (const key of ['a', 'b', 'c'])
			cache.set(key, 'customers', box(0), tile(12), cache.ticket('customers'));
		cache.get('a');
		for (const key of ['d', 'e', 'f', 'g', 'h', 'i'])
			cache.set(key, 'customers', box(0), tile(12), cache.ticket('customers'));
		expect(cache.get('a')).toBeDefined();
		expect(cache.get('b')).toBeUndefined();
		expect(cache.size).toBe(8);
	});
});
