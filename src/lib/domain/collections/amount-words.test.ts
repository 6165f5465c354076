import { describe, expect, it } from 'vitest';
import { vndInWords } from './amount-words.ts';

describe('vndInWords', () => {
	it.each([
		[0, 'Không đồng'],
		[5, 'Năm đồng'],
		[15, 'Mười lăm đồng'],
		[21, 'Hai mươi mốt đồng'],
		[105, 'Một trăm linh năm đồng'],
		[110, 'Một trăm mười đồng'],
		[1_000_000, 'Một triệu đồng'],
		[1_250_000, 'Một triệu hai trăm năm mươi nghìn đồng'],
		[1_050_000, 'Một triệu không trăm năm mươi nghìn đồng'],
		[2_005_000, 'Hai triệu không trăm linh năm nghìn đồng'],
		[1_000_000_000, 'Một tỷ đồng'],
		[3_000_215_000, 'Ba tỷ hai trăm mười lăm nghìn đồng']
	])('%d → %s', (amount, words) => {
		expect(vndInWords(amount)).toBe(words);
	});

	it('refuses a fraction or a negative amount', () => {
		expect(() => vndInWords(1.5)).toThrow();
		expect(() => vndInWords(-1)).toThrow();
	});
});
