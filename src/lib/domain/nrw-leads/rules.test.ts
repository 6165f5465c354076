import { describe, expect, it } from 'vitest';
import { actionForRequest } from '../access/permissions.ts';
import { orderDescriptionVi } from './describe.ts';
import { leadsOf, nextMonth, verificationOverdue, type ZoneStats } from './leads.ts';
import { flatRun, suddenDrop, zeroRun, type History, type PeriodReading } from './rules.ts';

const months = [
	'2026-10-01',
	'2026-09-01',
	'2026-08-01',
	'2026-07-01',
	'2026-06-01',
	'2026-05-01',
	'2026-04-01'
];
const A = (m3: number) => ({ m3, kind: 'actual' }) as const;
const E = (m3: number) => ({ m3, kind: 'estimated' }) as const;
const NA = { m3: null, kind: 'no_access' } as const;
type Slot = Omit<PeriodReading, 'month'> | null;
/** A history from slots written newest first. */
const h = (...slots: Slot[]): History =>
	slots.map((s, i) => (s ? { ...s, month: months[i] } : null));

const zone: ZoneStats = { categoryMeanM3: { domestic: 14 }, topShareM3: 40 };

describe('zeroRun', () => {
	it('counts actual zeros back from the latest actual reading', () => {
		expect(zeroRun(h(A(0), A(0), A(0), A(12), A(10)))).toEqual({ run: 3, normalM3: 11 });
	});
	it('steps over newer periods without an actual reading', () => {
		expect(zeroRun(h(NA, null, A(0), A(0), A(8))).run).toBe(2);
	});
	it('is ended by an estimate or a missing period', () => {
		expect(zeroRun(h(A(0), E(0), A(0))).run).toBe(1);
		expect(zeroRun(h(A(0), null, A(0))).run).toBe(1);
	});
	it('is 0 when the latest actual reading is above 0, and has no normal use when all are 0', () => {
		expect(zeroRun(h(A(3), A(0), A(0))).run).toBe(0);
		expect(zeroRun(h(A(0), A(0))).normalM3).toBeNull();
	});
});

describe('suddenDrop', () => {
	it('finds a latest reading below 40% of the previous mean', () => {
		// mean of 20, 22, 18, 20 = 20; 7 < 8.
		expect(suddenDrop(h(A(7), A(20), A(22), A(18), A(20)))).toEqual({
			latestM3: 7,
			previousMeanM3: 20,
			previousCount: 4
		});
	});
	it('does not at exactly 40%, with fewer than 3 before, or below a 5 m³ mean', () => {
		expect(suddenDrop(h(A(8), A(20), A(20), A(20)))).toBeNull();
		expect(suddenDrop(h(A(1), A(20), A(20)))).toBeNull();
		expect(suddenDrop(h(A(1), A(4), A(4), A(4)))).toBeNull();
	});
	it('uses at most 6 previous actual readings and skips estimates', () => {
		const d = suddenDrop(h(A(2), E(50), A(10), A(10), A(10), A(10), A(10)));
		expect(d).toEqual({ latestM3: 2, previousMeanM3: 10, previousCount: 5 });
	});
	it('leaves a meter read at 0 twice to the zero-consumption lead', () => {
		expect(suddenDrop(h(A(0), A(0), A(30), A(30), A(30)))).toBeNull();
		expect(suddenDrop(h(A(0), A(30), A(30), A(30)))).not.toBeNull();
	});
});

describe('flatRun', () => {
	it('counts identical figures, actual or estimated, from the latest one', () => {
		expect(flatRun(h(NA, E(60), A(60), E(60), A(55)))).toEqual({ valueM3: 60, run: 3 });
	});
	it('is broken by a gap and ignores zeros', () => {
		expect(flatRun(h(A(60), null, A(60), A(60)))).toEqual({ valueM3: 60, run: 1 });
		expect(flatRun(h(A(0), A(0), A(0)))).toBeNull();
	});
});

describe('leadsOf', () => {
	const base = { category: 'domestic', active: true, verificationDueOn: null };
	it('prices a zero run by own history, else by the category mean', () => {
		const own = leadsOf({ ...base, history: h(A(0), A(0), A(9), A(11)) }, zone, months[0]);
		expect(own).toEqual([
			{ kind: 'zero_consumption', stakeM3: 10, basis: 'own_history', run: 2, normalM3: 10 }
		]);
		const cat = leadsOf({ ...base, history: h(A(0), A(0)) }, zone, months[0]);
		expect(cat[0]).toMatchObject({ stakeM3: 14, basis: 'category_mean' });
	});
	it('flags a flat run only for a large customer (≥ 50 m³ or the zone top 2%)', () => {
		const flat = (v: number) => h(A(v), A(v), A(v), A(v));
		expect(leadsOf({ ...base, history: flat(30) }, zone, months[0])).toEqual([]);
		expect(leadsOf({ ...base, history: flat(45) }, zone, months[0])[0]).toMatchObject({
			kind: 'flat_large',
			stakeM3: 45,
			run: 4
		});
		expect(
			leadsOf({ ...base, history: flat(45) }, { ...zone, topShareM3: null }, months[0])
		).toEqual([]);
	});
	it('prices an overdue meter at 5% of its mean use, for any status', () => {
		const c = { ...base, active: false, verificationDueOn: '2026-10-31', history: h(A(40), A(60)) };
		expect(leadsOf(c, zone, months[0])).toEqual([
			{
				kind: 'verification_overdue',
				stakeM3: 2.5,
				basis: 'under_registration',
				meanM3: 50,
				share: 0.05,
				dueOn: '2026-10-31'
			}
		]);
		expect(verificationOverdue('2026-11-01', '2026-10-01')).toBe(false);
		expect(nextMonth('2026-12-01')).toBe('2027-01-01');
	});
	it('describes the lead and its evidence in Vietnamese', () => {
		const history = h(A(0), A(0), NA, A(12));
		const [lead] = leadsOf({ ...base, history }, zone, months[0]);
		const text = orderDescriptionVi(
			lead,
			{ code: 'KH00000001', name: 'Nguyễn Văn A', meterSerial: 'SN1' },
			months[0],
			history,
			months.slice(0, 4)
		);
		expect(text).toContain('khách hàng KH00000001 (Nguyễn Văn A), đồng hồ SN1');
		expect(text).toContain('0 m³ trong 2 kỳ liền');
		expect(text).toContain('07/2026: 12 m³ (thực đọc); 08/2026: không vào được; 09/2026: 0 m³');
	});
});

describe('the page action', () => {
	it('is named create… so the guard asks nrw.create', () => {
		expect(actionForRequest('POST', 'createInspection', '/(app)/nrw/zones/[zoneId]/leads')).toBe(
			'create'
		);
	});
});
