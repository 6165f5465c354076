import { describe, expect, it } from 'vitest';
import { anomalyFlags } from '#lib/domain/readings/anomalies.ts';
import { correctionValue, flagLabel, label } from './labels.ts';

describe('review labels', () => {
	it('names every anomaly flag the domain knows', () => {
		for (const f of anomalyFlags) expect(flagLabel[f]()).not.toBe(f);
		expect(label(flagLabel, 'rollback')).toBe('Chỉ số lùi');
		expect(label(flagLabel, 'newer_code')).toBe('newer_code');
	});
	it('shows correction values: statuses named, numbers in vi-VN', () => {
		expect(correctionValue('review_status', 'flagged')).toBe('Cần duyệt');
		expect(correctionValue('kind', 'estimated')).toBe('Ước tính');
		expect(correctionValue('previous_index', '1234.5')).toBe('1.234,5');
		expect(correctionValue('current_index', null)).toBe('—');
	});
});
