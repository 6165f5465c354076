/** A price decision as entered on the tariff screens: every refusal names its field. */
import { describe, expect, it } from 'vitest';
import { quote } from './quote.ts';
import { checkScheduleDraft, timeline, todayInVietnam, type ScheduleContext } from './schedule.ts';
import { hanoi2024, hanoiCase } from './tariff.fixtures.ts';
import { TariffCaseError } from './tariff.schema.ts';

const draft = {
	code: 'HN-2027',
	name: 'Giá nước từ 01/07/2027',
	decisionRef: '99/QĐ-UBND',
	note: null,
	effectiveFrom: '2027-07-01',
	vatRate: 0.05,
	categories: hanoi2024.categories,
	charges: hanoi2024.charges
};
const context: ScheduleContext = {
	categoryCodes: ['SH', 'SH_NGHEO', 'HCSN', 'SX', 'KD'],
	others: [{ code: 'HN-3541-2024', effectiveFrom: '2024-01-01' }]
};

function issues(input: unknown, ctx = context) {
	const result = checkScheduleDraft(input, ctx);
	if (result.ok) throw new Error('the draft was accepted');
	return result.issues;
}
const sh = (blocks: unknown[]) => ({
	...draft,
	categories: { ...draft.categories, SH: { basis: 'household', blocks } }
});

describe('checkScheduleDraft', () => {
	it('accepts a sound decision, trimmed', () => {
		const result = checkScheduleDraft({ ...draft, name: '  Giá mới ' }, context);
		expect(result).toMatchObject({ ok: true, draft: { code: 'HN-2027', name: 'Giá mới' } });
	});

	it('refuses an effective date another decision already has', () => {
		expect(issues({ ...draft, effectiveFrom: '2024-01-01' })).toEqual([
			{ field: 'effectiveFrom', reason: expect.stringMatching(/HN-3541-2024/) }
		]);
	});

	it('refuses an invalid date and a used or malformed code', () => {
		expect(issues({ ...draft, effectiveFrom: '2027-02-30' })[0].field).toBe('effectiveFrom');
		expect(issues({ ...draft, code: 'HN-3541-2024' })).toEqual([
			{ field: 'code', reason: expect.stringMatching(/đã được dùng/) }
		]);
		expect(issues({ ...draft, code: 'bad code' })[0].field).toBe('code');
		expect(issues({ ...draft, code: undefined })).toEqual([{ field: 'code', reason: 'bắt buộc' }]);
	});

	it('refuses blocks that do not increase, a bounded last block and a zero bound', () => {
		expect(
			issues(
				sh([
					{ upTo: 10, price: 1 },
					{ upTo: 10, price: 2 },
					{ upTo: null, price: 3 }
				])
			)
		).toEqual([
			{ field: 'categories.SH.blocks[1].upTo', reason: expect.stringMatching(/tăng dần/) }
		]);
		expect(issues(sh([{ upTo: 10, price: 1 }]))[0].field).toBe('categories.SH.blocks[0].upTo');
		expect(issues(sh([{ upTo: 0, price: 1 }]))[0].field).toBe('categories.SH.blocks[0].upTo');
	});

	it('refuses negative and fractional prices', () => {
		expect(issues(sh([{ upTo: null, price: -1 }]))).toEqual([
			{ field: 'categories.SH.blocks[0].price', reason: expect.stringMatching(/không được âm/) }
		]);
		expect(issues(sh([{ upTo: null, price: 8500.5 }]))[0].field).toBe(
			'categories.SH.blocks[0].price'
		);
		const flat = { ...draft, categories: { KD: { basis: 'flat', price: -5 } } };
		expect(issues(flat)[0].field).toBe('categories.KD.price');
	});

	it('refuses a category the utility does not have, in the table and in a charge', () => {
		const unknown = {
			...draft,
			categories: { ...draft.categories, XX: { basis: 'flat', price: 1 } }
		};
		expect(issues(unknown)).toEqual([
			{ field: 'categories.XX', reason: expect.stringMatching(/XX/) }
		]);
		const charge = { ...draft, charges: [{ type: 'envFee', rate: 0.1, categories: ['SH_NGHEO'] }] };
		expect(issues(charge)[0].field).toBe('charges[0].categories[0]');
	});

	it('refuses rates out of range and drainage without its VAT', () => {
		expect(issues({ ...draft, vatRate: 1 })[0].field).toBe('vatRate');
		expect(issues({ ...draft, vatRate: 0.05255 })[0].field).toBe('vatRate');
		expect(issues({ ...draft, charges: [{ type: 'envFee', rate: 1.2 }] })[0].field).toBe(
			'charges[0].rate'
		);
		expect(issues({ ...draft, charges: [{ type: 'drainage', rate: 0.3 }] })[0].field).toBe(
			'charges[0].vatRate'
		);
		expect(issues({ ...draft, charges: [{ type: 'other', rate: 0.3 }] })[0].field).toBe(
			'charges[0].type'
		);
	});
});

describe('timeline', () => {
	const rows = [
		{ code: 'C', effectiveFrom: '2027-07-01' },
		{ code: 'A', effectiveFrom: '2023-07-01' },
		{ code: 'B', effectiveFrom: '2024-01-01' }
	];
	it('derives each decision’s last day and status from the next one', () => {
		expect(timeline(rows, '2026-11-27')).toEqual([
			{ code: 'A', effectiveFrom: '2023-07-01', until: '2023-12-31', status: 'past' },
			{ code: 'B', effectiveFrom: '2024-01-01', until: '2027-06-30', status: 'in_force' },
			{ code: 'C', effectiveFrom: '2027-07-01', until: null, status: 'upcoming' }
		]);
		expect(timeline(rows, '2027-07-01').map((r) => r.status)).toEqual(['past', 'past', 'in_force']);
	});
	it('takes today in Vietnam (UTC+7)', () => {
		expect(todayInVietnam(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
	});
});

describe('quote with stored schedules', () => {
	it('refuses a period before every decision: no schedule in force', () => {
		const c = hanoiCase({ previousReadingOn: '2023-11-30', currentReadingOn: '2023-12-31' });
		const error = (() => {
			try {
				quote(c);
			} catch (err) {
				return err;
			}
			return null;
		})();
		expect(error).toBeInstanceOf(TariffCaseError);
		expect((error as TariffCaseError).field).toBe('schedules');
	});
});
