import { describe, expect, it } from 'vitest';
import { checkResult } from './results.ts';

describe('results per order type', () => {
	it('accepts a complete result and normalises it', () => {
		expect(
			checkResult('meter_replacement', {
				oldFinalIndex: '1234,5',
				newSerial: 'ab-12345',
				newInitialIndex: 0
			})
		).toEqual({
			ok: true,
			value: { oldFinalIndex: 1234.5, newSerial: 'AB-12345', newInitialIndex: 0 }
		});
		expect(checkResult('meter_verification', { passed: false })).toMatchObject({ ok: true });
	});

	it('names the missing or wrong field', () => {
		expect(checkResult('new_connection', { meterSerial: 'AB1234', initialIndex: 1 })).toEqual({
			ok: false,
			field: 'result.sealNumber',
			reason: 'required'
		});
		expect(
			checkResult('leak_repair', { leakKind: 'main', pipeDiameterMm: 5, waterLossM3: 2 })
		).toMatchObject({ ok: false, field: 'result.pipeDiameterMm' });
		expect(checkResult('re_read', { index: 1.2345 })).toMatchObject({
			ok: false,
			field: 'result.index',
			reason: 'at most 3 decimals (m³)'
		});
		expect(checkResult('re_read', { index: -1 })).toMatchObject({ field: 'result.index' });
		expect(checkResult('relocation', null)).toMatchObject({ ok: false, field: 'result' });
		expect(checkResult('complaint_investigation', { finding: '   ' })).toMatchObject({
			field: 'result.finding'
		});
	});
});
