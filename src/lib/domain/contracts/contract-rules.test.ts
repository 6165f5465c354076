import { describe, expect, it } from 'vitest';
import { contractNumber, nextRevision } from './contract-rules.ts';

describe('contract numbering', () => {
	it('starts at /01 and adds one per re-signing', () => {
		expect(nextRevision([])).toBe(1);
		expect(nextRevision([1, 3, 2])).toBe(4);
		expect(contractNumber('KH00000012', 1)).toBe('KH00000012/01');
		expect(contractNumber('KH00000012', 12)).toBe('KH00000012/12');
	});
});
