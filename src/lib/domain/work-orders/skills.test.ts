import { describe, expect, it } from 'vitest';
import { rankCandidates, skillMatch, suggestionScore } from './skills.ts';

const c = (staffId: number, distanceM: number, skills: string[], openOrders = 0) => ({
	staffId,
	distanceM,
	skills,
	openOrders
});

describe('staff suggestions', () => {
	it('scores 100 for the skilled, free technician on the spot', () => {
		expect(suggestionScore('leak_repair', c(1, 0, ['pipe']))).toBe(100);
		expect(skillMatch(['pipe', 'meter'], ['meter'])).toBe(0.5);
	});

	it('prefers the right skill over a shorter walk', () => {
		const ranked = rankCandidates('leak_repair', [c(1, 300, ['reading']), c(2, 4_000, ['pipe'])]);
		expect(ranked.map((r) => r.staffId)).toEqual([2, 1]);
	});

	it('among equals prefers the nearer, then the less loaded', () => {
		const ranked = rankCandidates('re_read', [
			c(1, 2_000, ['reading']),
			c(2, 500, ['reading'], 6),
			c(3, 500, ['reading'])
		]);
		expect(ranked.map((r) => r.staffId)).toEqual([3, 2, 1]);
		expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
	});

	it('returns at most the limit', () => {
		const many = Array.from({ length: 9 }, (_, i) => c(i + 1, i * 100, ['meter']));
		expect(rankCandidates('meter_verification', many)).toHaveLength(5);
	});
});
