import { describe, expect, it } from 'vitest';
import { defaultRules } from '../readings/anomalies.ts';
import type { ReadingContext } from '../readings/evaluate.ts';
import { mapReadingHeader, noteCodeOf } from './reading-columns.ts';
import {
	readOnWindow,
	validateReadingRow,
	type ReadingCustomerFacts,
	type ReadingImportRefs
} from './validate-reading.ts';

const context: ReadingContext = {
	dialDigits: 5,
	startIndex: 1000,
	history: [10, 12, 11],
	pendingEstimateM3: 0,
	replacement: null,
	customerStatus: 'active',
	lon: 108.2,
	lat: 16.05
};
const customer = (over: Partial<ReadingCustomerFacts> = {}): ReadingCustomerFacts => ({
	id: 7,
	name: 'Nguyễn Văn An',
	routeId: 3,
	meterSerial: 'DH-001',
	context,
	existing: null,
	...over
});
const refs = (over: Partial<ReadingImportRefs> = {}): ReadingImportRefs => ({
	period: { month: '2026-12-01', status: 'open' },
	today: '2026-12-15',
	scopeRouteIds: null,
	rules: defaultRules,
	...over
});
const customers = new Map([
	['KH001', customer()],
	['KH002', customer({ id: 8, routeId: 9 })],
	['KH003', customer({ id: 9, meterSerial: null, context: null })],
	[
		'KH004',
		customer({
			id: 10,
			existing: { currentIndex: 1005, consumptionM3: 5, kind: 'actual', source: 'field' }
		})
	]
]);
const check = (raw: Record<string, unknown>, r = refs(), seen = new Map<string, number>()) =>
	validateReadingRow(2, raw as never, r, customers, seen);
const errorsOf = (outcome: ReturnType<typeof check>) =>
	outcome.action === 'error' ? outcome.errors.map((e) => e.column) : [];

describe('readings workbook row', () => {
	it('evaluates a valid row with the domain: consumption and flags', () => {
		const ok = check({ code: 'kh001', index: 1011, readOn: '10/12/2026' });
		expect(ok).toMatchObject({
			action: 'create',
			data: { customer_id: 7, consumption_m3: 11, flags: [], read_on: '2026-12-10' }
		});
		const spike = check({ code: 'KH001', index: '1080,5' });
		expect(spike).toMatchObject({ data: { consumption_m3: 80.5, flags: ['spike'] } });
	});

	it('says a row overwrites the reading already entered', () => {
		const r = check({ code: 'KH004', index: 1012 });
		expect(r).toMatchObject({ action: 'update', data: { overwrites: { currentIndex: 1005 } } });
	});

	it('accepts a blank index only with a note that means unreadable, by label or code', () => {
		expect(noteCodeOf('Không vào được')).toBe('no_access');
		expect(noteCodeOf('khong vao duoc')).toBe('no_access');
		expect(noteCodeOf('gate_locked')).toBe('gate_locked');
		expect(check({ code: 'KH001', noteCode: 'Cổng khóa' })).toMatchObject({
			action: 'create',
			data: { kind: 'estimated', index: null, note_code: 'gate_locked' }
		});
		expect(errorsOf(check({ code: 'KH001' }))).toEqual(['Chỉ số mới']);
		expect(errorsOf(check({ code: 'KH001', noteCode: 'Phát hiện rò rỉ' }))).toEqual(['Chỉ số mới']);
		expect(errorsOf(check({ code: 'KH001', index: 1011, noteCode: 'mưa to' }))).toEqual([
			'Mã ghi chú'
		]);
	});

	it('refuses bad indexes: not a number, more digits than the dial, more than 3 decimals', () => {
		for (const index of ['mười', 123456, '1011,1234', '-5'])
			expect(errorsOf(check({ code: 'KH001', index }))).toEqual(['Chỉ số mới']);
	});

	it('refuses unknown, out-of-scope, meterless and repeated customers and a wrong serial', () => {
		expect(errorsOf(check({ code: 'KH999', index: 1 }))).toEqual(['Mã KH']);
		expect(errorsOf(check({ index: 1 }))).toEqual(['Mã KH']);
		const scoped = refs({ scopeRouteIds: new Set([3]) });
		expect(errorsOf(check({ code: 'KH002', index: 1011 }, scoped))).toEqual(['Mã KH']);
		expect(errorsOf(check({ code: 'KH003', index: 1011 }))).toEqual(['Mã KH']);
		const seen = new Map([['KH001', 5]]);
		const dup = check({ code: 'KH001', index: 1011 }, refs(), seen);
		expect(dup).toMatchObject({
			action: 'error',
			errors: [{ reason: expect.stringContaining('dòng 5') }]
		});
		expect(errorsOf(check({ code: 'KH001', serial: 'DH-999', index: 1011 }))).toEqual([
			'Số seri đồng hồ'
		]);
		expect(check({ code: 'KH001', serial: 'dh-001', index: 1011 }).action).toBe('create');
	});

	it('checks the date: a date, within the month ±10 days, not in the future', () => {
		expect(readOnWindow('2026-12-01')).toEqual({ from: '2026-11-21', to: '2027-01-10' });
		expect(readOnWindow('2026-02-01')).toEqual({ from: '2026-01-22', to: '2026-03-10' });
		expect(
			check({ code: 'KH001', index: 1011, readOn: new Date(Date.UTC(2026, 10, 25)) })
		).toMatchObject({ data: { read_on: '2026-11-25' } });
		for (const readOn of ['32/12/2026', '20/11/2026', '16/12/2026'])
			expect(errorsOf(check({ code: 'KH001', index: 1011, readOn }))).toEqual(['Ngày ghi']);
	});

	it('refuses every row of a period that is not open', () => {
		const locked = refs({ period: { month: '2026-10-01', status: 'locked' } });
		const r = check({ code: 'KH001', index: 1011 }, locked);
		expect(r).toMatchObject({
			action: 'error',
			errors: [{ column: 'Kỳ ghi', reason: expect.stringContaining('đã khóa sổ') }]
		});
	});

	it('matches the template headers without diacritics', () => {
		const h = mapReadingHeader([null, 'Ma KH', 'Chi so moi', 'Ngày ghi', 'Lỗi']);
		expect([...h.columns.values()]).toEqual(['code', 'index', 'readOn']);
		expect(h.extra).toEqual(['Lỗi']);
		expect(h.missing).toEqual([]);
	});
});
