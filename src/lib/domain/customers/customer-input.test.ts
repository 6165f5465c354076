import { describe, expect, it } from 'vitest';
import { parseCustomerInput, type ServiceBounds } from './customer-input.ts';

const bounds: ServiceBounds = { minLon: 107.4, minLat: 16.3, maxLon: 107.8, maxLat: 16.6 };

const form = {
	name: '  Nguyễn Văn An ',
	kind: 'individual',
	address: '12 Lê Lợi',
	ward_id: '3',
	lon: '107,59',
	lat: '16.46',
	category: 'domestic'
};

function errorsOf(raw: Record<string, unknown>) {
	const r = parseCustomerInput(raw, bounds);
	if (r.ok) throw new Error('expected errors');
	return Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
}

describe('parseCustomerInput', () => {
	it('accepts a minimal form, trims and fills the defaults', () => {
		const r = parseCustomerInput(form, bounds);
		expect(r).toEqual({
			ok: true,
			value: {
				name: 'Nguyễn Văn An',
				kind: 'individual',
				tax_or_id_number: null,
				address: '12 Lê Lợi',
				ward_id: 3,
				lon: 107.59,
				lat: 16.46,
				zone_id: null,
				phone: null,
				email: null,
				payment_method: 'cash',
				bank_account: null,
				bank_name: null,
				category: 'domestic',
				industry: null,
				households: 1,
				persons: 1,
				route_id: null,
				route_seq: null
			}
		});
	});

	it('names every missing required field', () => {
		const e = errorsOf({});
		expect(Object.keys(e).sort()).toEqual(['address', 'category', 'lat', 'lon', 'name', 'ward_id']);
		expect(e.name).toMatch(/^name: bắt buộc/);
		expect(e.ward_id).toMatch(/^ward_id: /);
	});

	it('normalises phone numbers: spaces, dots, +84, a spreadsheet number without its 0', () => {
		const phone = (p: unknown) => {
			const r = parseCustomerInput({ ...form, phone: p }, bounds);
			return r.ok ? r.value.phone : r.errors[0].message;
		};
		expect(phone('0905 123 456')).toBe('0905123456');
		expect(phone('+84 905.123.456')).toBe('0905123456');
		expect(phone('0084905123456')).toBe('0905123456');
		expect(phone(905123456)).toBe('0905123456');
		expect(phone('')).toBeNull();
		expect(phone('0905')).toMatch(/^phone: số điện thoại phải có 9–12 chữ số/);
		expect(phone('09051234abc')).toMatch(/^phone: /);
		expect(phone('0905123456789')).toMatch(/^phone: /);
	});

	it('refuses coordinates outside the service area, naming the axis', () => {
		const e = errorsOf({ ...form, lon: 105.8, lat: 'abc' });
		expect(e.lon).toMatch(/^lon: kinh độ nằm ngoài vùng phục vụ/);
		expect(e.lat).toMatch(/^lat: vĩ độ phải là số/);
	});

	it('requires bank account and bank for bank transfer and auto debit, not for cash', () => {
		const e = errorsOf({ ...form, payment_method: 'bank_transfer' });
		expect(e.bank_account).toMatch(/^bank_account: bắt buộc/);
		expect(e.bank_name).toMatch(/^bank_name: bắt buộc/);
		const ok = parseCustomerInput(
			{
				...form,
				payment_method: 'Trích nợ tự động',
				bank_account: '0123 4567 89',
				bank_name: 'Vietcombank'
			},
			bounds
		);
		expect(ok.ok && ok.value).toMatchObject({
			payment_method: 'auto_debit',
			bank_account: '0123456789',
			bank_name: 'Vietcombank'
		});
		expect(parseCustomerInput({ ...form, payment_method: 'cash' }, bounds).ok).toBe(true);
	});

	it('accepts Vietnamese labels for choices, with or without diacritics, and refuses others', () => {
		const r = parseCustomerInput(
			{ ...form, kind: 'Tổ chức', category: 'kinh doanh dich vu' },
			bounds
		);
		expect(r.ok && [r.value.kind, r.value.category]).toEqual(['organization', 'business']);
		const e = errorsOf({ ...form, category: 'Nông nghiệp', kind: 'robot' });
		expect(e.category).toMatch(/^category: không hợp lệ, chọn một trong: Sinh hoạt/);
		expect(e.kind).toMatch(/^kind: /);
	});

	it('takes route and sequence together or not at all', () => {
		expect(errorsOf({ ...form, route_id: '4' }).route_seq).toMatch(/^route_seq: /);
		expect(errorsOf({ ...form, route_seq: 30 }).route_id).toMatch(/^route_id: /);
		const r = parseCustomerInput({ ...form, route_id: 4, route_seq: '30' }, bounds);
		expect(r.ok && [r.value.route_id, r.value.route_seq]).toEqual([4, 30]);
	});

	it('checks tax/ID numbers, email, households and persons ranges', () => {
		const e = errorsOf({
			...form,
			tax_or_id_number: '12AB',
			email: 'an@',
			households: '0',
			persons: '2.5'
		});
		expect(e.tax_or_id_number).toMatch(/^tax_or_id_number: /);
		expect(e.email).toMatch(/^email: /);
		expect(e.households).toMatch(/^households: từ 1 đến 500/);
		expect(e.persons).toMatch(/^persons: phải là số nguyên/);
		const ok = parseCustomerInput(
			{ ...form, tax_or_id_number: '3301234567-001', persons: 4 },
			bounds
		);
		expect(ok.ok && ok.value.tax_or_id_number).toBe('3301234567-001');
	});

	it('reads NFD text as NFC', () => {
		const r = parseCustomerInput({ ...form, name: 'Nguyễn'.normalize('NFD') }, bounds);
		expect(r.ok && r.value.name).toBe('Nguyễn'.normalize('NFC'));
	});
});
