import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
	it('defaults to the embedded database on 127.0.0.1:3000', () => {
		const cfg = parseConfig({});
		expect(cfg.DATABASE_URL).toBeUndefined();
		expect(cfg.PORT).toBe(3000);
		expect(cfg.HOST).toBe('127.0.0.1');
		expect(cfg.DATA_DIR).toBe('./data');
		expect(cfg.BASEMAP_STYLES).toEqual([]);
	});

	it('names the variable and the reason when a value is bad', () => {
		expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
		expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT: .*"eighty"/);
		expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
			/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/
		);
		expect(() => parseConfig({ SESSION_DAYS: '365' })).toThrow(/SESSION_DAYS/);
		expect(() => parseConfig({ BASEMAP_STYLES: 'osm' })).toThrow(/BASEMAP_STYLES: must be JSON/);
		expect(() => parseConfig({ BASEMAP_STYLES: '[{"name":"OSM"}]' })).toThrow(/BASEMAP_STYLES/);
	});

	it('accepts a PostgreSQL URL and numeric settings', () => {
		const cfg = parseConfig({
			DATABASE_URL: 'postgres://u@db:5432/water',
			PORT: '8080',
			SESSION_DAYS: '3'
		});
		expect(cfg).toMatchObject({
			DATABASE_URL: 'postgres://u@db:5432/water',
			PORT: 8080,
			SESSION_DAYS: 3
		});
	});
});
