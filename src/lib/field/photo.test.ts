import { describe, expect, it } from 'vitest';
import { fitWithin, photoFileName } from './photo.ts';

describe('fitWithin', () => {
	it('scales the longer side down to 1600 px and keeps the aspect', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
	});
	it('never enlarges a small photo', () => {
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
		expect(fitWithin(1600, 900)).toEqual({ width: 1600, height: 900 });
	});
	it('keeps a sliver at least one pixel wide', () => {
		expect(fitWithin(10_000, 2)).toEqual({ width: 1600, height: 1 });
	});
});

describe('photoFileName', () => {
	it("stamps the photo in Vietnam's time", () => {
		expect(photoFileName('PCT-2026-000123', new Date('2026-11-27T17:15:02Z'))).toBe(
			'PCT-2026-000123-20261128-001502.jpg'
		);
	});
});
