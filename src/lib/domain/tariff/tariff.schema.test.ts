/** Every refusal names its field (a JSON path) and a reason. */
import { describe, expect, it } from 'vitest';
import { quote } from './quote.ts';
import { jsonPath, parseTariffCase, TariffCaseError } from './tariff.schema.ts';
import { hanoi2023, hanoi2024, hanoiCase, hcmc2022, hcmcCase } from './tariff.fixtures.ts';

/** The first refusal of a case: its field and reason. */
function refusal(input: unknown): { field: string; reason: string } {
	try {
		parseTariffCase(input);
	} catch (err) {
		expect(err).toBeInstanceOf(TariffCaseError);
		const { field, reason } = err as TariffCaseError;
		return { field, reason };
	}
	throw new Error('the case was accepted');
}

const sh = (blocks: unknown[]) => ({
	...hanoi2024,
	categories: { ...hanoi2024.categories, SH: { basis: 'household', blocks } }
});
const withCharges = (charges: unknown[]) => ({ ...hanoi2024, charges });

const invalid: [string, unknown, string, RegExp][] = [
	[
		'an unknown category',
		hanoiCase({ customer: { category: 'XYZ', households: 1, persons: 1 } }),
		'customer.category',
		/XYZ.*không có trong biểu giá HN-3541-2024/
	],
	[
		'a category missing from one schedule in force',
		hanoiCase({
			schedules: [hanoi2023, hanoi2024],
			customer: { category: 'KD', households: 1, persons: 0 },
			previousReadingOn: '2023-12-15',
			currentReadingOn: '2024-01-14'
		}),
		'customer.category',
		/HN-3541-2023/
	],
	[
		'no schedule in force on the first day',
		hanoiCase({ previousReadingOn: '2023-12-15', currentReadingOn: '2024-01-14' }),
		'schedules',
		/2023-12-16.*2024-01-01/
	],
	[
		'negative consumption without readings',
		hanoiCase({ consumption: -3 }),
		'consumption',
		/không được âm/
	],
	[
		'two schedules with the same effective date',
		hanoiCase({ schedules: [hanoi2024, { ...hanoi2023, effectiveFrom: '2024-01-01' }] }),
		'schedules[1].effectiveFrom',
		/trùng ngày hiệu lực 2024-01-01 với schedules\[0\]/
	],
	[
		'two schedules with the same id',
		hanoiCase({ schedules: [hanoi2024, { ...hanoi2023, id: 'HN-3541-2024' }] }),
		'schedules[1].id',
		/trùng id/
	],
	[
		'blocks that do not increase',
		hanoiCase({
			schedules: [
				sh([
					{ upTo: 10, price: 1 },
					{ upTo: 20, price: 2 },
					{ upTo: 20, price: 3 },
					{ upTo: null, price: 4 }
				])
			]
		}),
		'schedules[0].categories.SH.blocks[2].upTo',
		/tăng dần/
	],
	[
		'blocks that decrease',
		hanoiCase({
			schedules: [
				sh([
					{ upTo: 10, price: 1 },
					{ upTo: 5, price: 2 },
					{ upTo: null, price: 4 }
				])
			]
		}),
		'schedules[0].categories.SH.blocks[1].upTo',
		/tăng dần/
	],
	[
		'a null upTo that is not last',
		hanoiCase({
			schedules: [
				sh([
					{ upTo: 10, price: 1 },
					{ upTo: null, price: 2 },
					{ upTo: 30, price: 3 }
				])
			]
		}),
		'schedules[0].categories.SH.blocks[1].upTo',
		/chỉ bậc cuối cùng/
	],
	[
		'a bounded last block',
		hanoiCase({
			schedules: [
				sh([
					{ upTo: 10, price: 1 },
					{ upTo: 20, price: 2 }
				])
			]
		}),
		'schedules[0].categories.SH.blocks[1].upTo',
		/bậc cuối cùng phải có upTo = null/
	],
	[
		'a zero upTo',
		hanoiCase({
			schedules: [
				sh([
					{ upTo: 0, price: 1 },
					{ upTo: null, price: 2 }
				])
			]
		}),
		'schedules[0].categories.SH.blocks[0].upTo',
		/lớn hơn 0/
	],
	[
		'no blocks',
		hanoiCase({ schedules: [sh([])] }),
		'schedules[0].categories.SH.blocks',
		/ít nhất một bậc/
	],
	[
		'a negative block price',
		hanoiCase({
			schedules: [
				sh([
					{ upTo: 10, price: -1 },
					{ upTo: null, price: 2 }
				])
			]
		}),
		'schedules[0].categories.SH.blocks[0].price',
		/không được âm/
	],
	[
		'a negative flat price',
		hanoiCase({
			schedules: [
				{
					...hanoi2024,
					categories: { ...hanoi2024.categories, KD: { basis: 'flat', price: -29000 } }
				}
			]
		}),
		'schedules[0].categories.KD.price',
		/không được âm/
	],
	[
		'a negative VAT rate',
		hanoiCase({ schedules: [{ ...hanoi2024, vatRate: -0.05 }] }),
		'schedules[0].vatRate',
		/không được âm/
	],
	[
		'a negative charge rate',
		hanoiCase({ schedules: [withCharges([{ type: 'envFee', rate: -0.1 }])] }),
		'schedules[0].charges[0].rate',
		/không được âm/
	],
	[
		'a price that is not a number',
		hanoiCase({
			schedules: [
				sh([
					{ upTo: 10, price: '8500' },
					{ upTo: null, price: 2 }
				])
			]
		}),
		'schedules[0].categories.SH.blocks[0].price',
		/phải là số/
	],
	[
		'an unknown basis',
		hanoiCase({ schedules: [{ ...hanoi2024, categories: { SH: { basis: 'meter', price: 1 } } }] }),
		'schedules[0].categories.SH.basis',
		/household.*person.*flat/
	],
	[
		'an unknown charge type',
		hanoiCase({ schedules: [withCharges([{ type: 'sewer', rate: 0.1 }])] }),
		'schedules[0].charges[0].type',
		/envFee.*drainage/
	],
	[
		'drainage without vatRate',
		hanoiCase({ schedules: [withCharges([{ type: 'drainage', rate: 0.3 }])] }),
		'schedules[0].charges[0].vatRate',
		/bắt buộc/
	],
	[
		'an envFee with VAT',
		hanoiCase({ schedules: [withCharges([{ type: 'envFee', rate: 0.1, vatRate: 0.1 }])] }),
		'schedules[0].charges[0].vatRate',
		/không chịu VAT/
	],
	[
		'a charge for a category the schedule lacks',
		hanoiCase({
			schedules: [withCharges([{ type: 'envFee', rate: 0.1, categories: ['SH', 'XX'] }])]
		}),
		'schedules[0].charges[0].categories[1]',
		/XX/
	],
	[
		'two charges of one type for one category',
		hanoiCase({
			schedules: [
				withCharges([
					{ type: 'envFee', rate: 0.1 },
					{ type: 'envFee', rate: 0.05, categories: ['KD'] }
				])
			]
		}),
		'schedules[0].charges[1].categories',
		/charges\[0\]/
	],
	[
		'households < 1',
		hanoiCase({ customer: { category: 'SH', households: 0, persons: 1 } }),
		'customer.households',
		/≥ 1/
	],
	[
		'fractional households',
		hanoiCase({ customer: { category: 'SH', households: 1.5, persons: 1 } }),
		'customer.households',
		/số nguyên/
	],
	[
		'persons < 0',
		hcmcCase({ customer: { category: 'SH', households: 1, persons: -1 } }),
		'customer.persons',
		/≥ 0/
	],
	[
		'missing persons',
		hcmcCase({ customer: { category: 'SH', households: 1 } }),
		'customer.persons',
		/bắt buộc/
	],
	[
		'an impossible date',
		hanoiCase({ previousReadingOn: '2024-02-30' }),
		'previousReadingOn',
		/ngày hợp lệ/
	],
	[
		'a date in another format',
		hanoiCase({ currentReadingOn: '31/03/2024' }),
		'currentReadingOn',
		/ngày hợp lệ/
	],
	[
		'a bad effective date',
		hanoiCase({ schedules: [{ ...hanoi2024, effectiveFrom: '2024-13-01' }] }),
		'schedules[0].effectiveFrom',
		/ngày hợp lệ/
	],
	[
		'currentReadingOn on previousReadingOn',
		hanoiCase({ currentReadingOn: '2024-03-01' }),
		'currentReadingOn',
		/phải sau/
	],
	[
		'currentReadingOn before previousReadingOn',
		hanoiCase({ currentReadingOn: '2024-02-01' }),
		'currentReadingOn',
		/phải sau/
	],
	[
		'a previous index longer than the dial',
		hanoiCase({ consumption: undefined, readings: { previous: 12345, current: 15, digits: 4 } }),
		'readings.previous',
		/5 chữ số.*4 chữ số/
	],
	[
		'a current index longer than the dial',
		hanoiCase({ consumption: undefined, readings: { previous: 1, current: 10000.5, digits: 4 } }),
		'readings.current',
		/5 chữ số/
	],
	[
		'a negative index',
		hanoiCase({ consumption: undefined, readings: { previous: -1, current: 15, digits: 4 } }),
		'readings.previous',
		/không được âm/
	],
	[
		'zero digits',
		hanoiCase({ consumption: undefined, readings: { previous: 1, current: 2, digits: 0 } }),
		'readings.digits',
		/từ 1 đến 12/
	],
	[
		'both consumption and readings',
		hanoiCase({ readings: { previous: 1, current: 2, digits: 4 } }),
		'consumption',
		/chỉ được có một/
	],
	[
		'neither consumption nor readings',
		hanoiCase({ consumption: undefined }),
		'consumption',
		/cần consumption hoặc readings/
	],
	['no schedules', hanoiCase({ schedules: [] }), 'schedules', /ít nhất một biểu giá/],
	[
		'a schedule without categories',
		hanoiCase({ schedules: [{ ...hanoi2024, categories: {} }] }),
		'schedules[0].categories',
		/ít nhất một nhóm/
	],
	['a missing customer', hanoiCase({ customer: undefined }), 'customer', /bắt buộc/],
	['an infinite consumption', hanoiCase({ consumption: Infinity }), 'consumption', /hữu hạn/],
	['not an object', null, '(case)', /./]
];

describe('parseTariffCase refusals', () => {
	it.each(invalid)('refuses %s', (_name, input, field, reason) => {
		const refused = refusal(input);
		expect(refused.field).toBe(field);
		expect(refused.reason).toMatch(reason);
	});

	it('makes quote() refuse too, with every issue in the message', () => {
		const input = hanoiCase({
			consumption: -1,
			customer: { category: 'SH', households: 0, persons: -2 }
		});
		expect(() => quote(input)).toThrow(TariffCaseError);
		try {
			quote(input);
		} catch (err) {
			const fields = (err as TariffCaseError).issues.map((issue) => issue.field);
			expect(fields).toEqual(['customer.households', 'customer.persons', 'consumption']);
			expect((err as Error).message).toContain('customer.persons: persons phải ≥ 0');
		}
	});

	it('takes a null consumption or readings as absent', () => {
		const readings = { previous: 9990, current: 15, digits: 4 };
		expect(quote(hanoiCase({ consumption: null, readings })).water).toBe(264000);
		expect(quote(hanoiCase({ readings: null })).water).toBe(264000);
		expect(refusal(hanoiCase({ consumption: null, readings: null })).field).toBe('consumption');
	});

	it('accepts the fixtures and ignores unknown keys', () => {
		expect(parseTariffCase(hcmcCase({ note: 'ignored' })).customer.persons).toBe(1);
		expect(
			parseTariffCase({ ...hanoiCase(), schedules: [hanoi2023, hanoi2024, hcmc2022] }).schedules
		).toHaveLength(3);
	});
});

describe('jsonPath', () => {
	it('writes indexes in brackets and odd keys quoted', () => {
		expect(jsonPath(['schedules', 1, 'categories', 'SH', 'blocks', 2, 'upTo'])).toBe(
			'schedules[1].categories.SH.blocks[2].upTo'
		);
		expect(jsonPath(['categories', 'SH NGHÈO'])).toBe('categories["SH NGHÈO"]');
		expect(jsonPath([])).toBe('(case)');
	});
});
