import { describe, expect, it } from 'vitest';
import { balance } from '#lib/domain/water-balance/balance.ts';
import { dma07 } from '#lib/domain/water-balance/balance.fixtures.ts';
import { bandFor, fillColorExpression, incompleteColor, nrwBands } from './bands.ts';
import { iwaBoxes } from './iwa.ts';
import { reasonText, monthWords } from './labels.ts';

// water-balance.md's worked example.
const example = dma07;

describe('NRW bands', () => {
	it('puts each value in its band, bounds going up', () => {
		expect(bandFor('nrw', 14.99).key).toBe('target');
		expect(bandFor('nrw', 15).key).toBe('15_25');
		expect(bandFor('nrw', 34.9).key).toBe('25_35');
		expect(bandFor('nrw', 35).key).toBe('35_up');
		expect(bandFor('nrw', -3).key).toBe('target');
		expect(bandFor('ili', 3.99).key).toBe('A');
		expect(bandFor('ili', 4).key).toBe('B');
		expect(bandFor('ili', 15.9).key).toBe('C');
		expect(bandFor('ili', 16).key).toBe('D');
	});

	it('colours the map from the same bands, incomplete zones grey', () => {
		expect(fillColorExpression('nrw')).toEqual([
			'case',
			['!', ['get', 'complete']],
			incompleteColor,
			[
				'step',
				['to-number', ['get', 'nrwPct']],
				nrwBands[0].color,
				15,
				nrwBands[1].color,
				25,
				nrwBands[2].color,
				35,
				nrwBands[3].color
			]
		]);
	});
});

describe('IWA boxes', () => {
	it('lays out a complete balance with the CLI’s figures', () => {
		const r = balance(example);
		const boxes = new Map(iwaBoxes(example, r).map((b) => [b.key, b]));
		expect(boxes.get('siv')).toMatchObject({ col: 0, row: 0, span: 7, value: 120000 });
		expect(boxes.get('authorized')?.value).toBe(91500);
		expect(boxes.get('revenueWater')?.value).toBe(90000);
		expect(boxes.get('nrw')).toMatchObject({ col: 4, row: 2, span: 5, value: 30000 });
		expect(boxes.get('realLosses')).toMatchObject({ cols: 2, value: r.realLosses });
		expect(boxes.get('siv')?.label({ locale: 'vi' })).toBe('Lượng nước vào hệ thống');
	});

	it('leaves what depends on an unknown system input blank, never 0', () => {
		const known = { ...example, systemInput: null, unbilledUnmetered: null };
		const boxes = new Map(iwaBoxes(known, null).map((b) => [b.key, b.value]));
		expect(boxes.get('siv')).toBeNull();
		expect(boxes.get('nrw')).toBeNull();
		expect(boxes.get('waterLosses')).toBeNull();
		expect(boxes.get('authorized')).toBeNull();
		expect(boxes.get('revenueWater')).toBe(90000);
		expect(boxes.get('realLosses')).toBeNull();
	});
});

describe('NRW words', () => {
	it('says why a zone is incomplete, in Vietnamese', () => {
		expect(reasonText({ code: 'master_meter_gap', serials: ['MM01-1'] }, 'vi')).toBe(
			'Đồng hồ tổng MM01-1 chưa có sản lượng tháng này'
		);
		expect(
			reasonText({ code: 'no_network_data', fields: ['mainsLengthKm', 'avgPressureM'] }, 'vi')
		).toBe('Thiếu số liệu mạng lưới: chiều dài ống chính, áp lực trung bình');
		expect(monthWords('2026-11-01')).toBe('tháng 11 năm 2026');
	});
});
